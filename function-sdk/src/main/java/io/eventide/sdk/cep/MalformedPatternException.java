package io.eventide.sdk.cep;

/**
 * A pattern that cannot be built or compiled, as Flink CEP's exception of the same name; the
 * message names the pattern and the rule it breaks.
 *
 * <pre>{@code
 * Pattern<String> twice = Pattern.<String>begin("a").next("a");
 * CepSpec.builder(type, Types.STRING, twice).process(alert).build(); // Duplicate pattern name: a
 * }</pre>
 */
public final class MalformedPatternException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public MalformedPatternException(String message) {
    super(message);
  }
}
