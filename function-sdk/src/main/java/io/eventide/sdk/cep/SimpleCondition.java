package io.eventide.sdk.cep;

/**
 * A condition on the event alone, as Flink CEP's {@code SimpleCondition}.
 *
 * <pre>{@code
 * SimpleCondition<String> isError = event -> event.startsWith("error");
 * }</pre>
 *
 * <h2>Thread safety</h2>
 *
 * Called on the thread running the pattern's function, one event at a time.
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface SimpleCondition<T> {
  /** Whether {@code value} is taken. */
  boolean filter(T value) throws Exception;
}
