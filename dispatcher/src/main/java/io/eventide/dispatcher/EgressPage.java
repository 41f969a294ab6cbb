package io.eventide.dispatcher;

import java.util.List;

/** A page of a log egress; {@code next} is the offset to ask for next. */
public record EgressPage(List<EgressRecord> records, long next) {}
