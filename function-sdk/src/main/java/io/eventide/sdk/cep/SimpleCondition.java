package io.eventide.sdk.cep;

/**
 * A condition on the event alone, as Flink CEP's {@code SimpleCondition}.
 *
 * <pre>{@code
 * SimpleCondition<String> isError = event -> event.startsWith("error");
 * }</pre>
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface SimpleCondition<T> {
  /** Whether {@code value} is taken. */
  boolean filter(T value) throws Exception;
}
