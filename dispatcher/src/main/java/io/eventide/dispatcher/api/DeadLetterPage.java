package io.eventide.dispatcher.api;

import java.util.List;

/**
 * A page of dead letters, oldest first.
 *
 * @param letters the dead letters of the page, without their payloads
 * @param next the cursor to ask for the next page with; null when the listing reached the end
 */
public record DeadLetterPage(List<DeadLetter> letters, String next) {}
