package io.eventide.parity;

/**
 * One window firing as both sides report it: the key, the window {@code [start, end)} and the
 * window function's result, written to the configuration's egress as JSON ({@code
 * {"key":"k-7","start":1000,"end":2000,"result":{"count":3,"sum":42}}}).
 *
 * @param key the key (the id of the windowed function's address)
 * @param start window start, inclusive
 * @param end window end, exclusive
 * @param result a {@link CountSum}, a {@link CountMinMax} or the sorted values
 */
public record Firing(String key, long start, long end, Object result) {}
