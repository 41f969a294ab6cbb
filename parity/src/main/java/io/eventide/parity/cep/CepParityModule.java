package io.eventide.parity.cep;

import io.eventide.sdk.FunctionModule;
import io.eventide.sdk.FunctionRegistry;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.cep.CepSpec;

/**
 * Registers one CEP function type per case of {@link CepCases} ({@code paritycep/<case>}), whose
 * matches, time-outs and late events all go to the {@link #EGRESS} egress as lines {@code
 * case\tkey\tkind\ttext}; the node-level CEP parity test deploys this module's jar, which lists
 * this class in {@code META-INF/services/io.eventide.sdk.FunctionModule}.
 */
public final class CepParityModule implements FunctionModule {
  /** The namespace of the CEP parity function types. */
  public static final String NAMESPACE = "paritycep";

  /** The egress every CEP parity type writes to. */
  public static final String EGRESS = "paritycep-out";

  @Override
  public void configure(FunctionRegistry registry) {
    for (CepCase c : CepCases.all()) {
      registry.register(spec(c, TypeName.of(NAMESPACE, c.id()), true).functionSpec());
    }
  }

  /**
   * The case as a spec of type {@code type}; {@code withCase} prefixes each line with the case, for
   * the one egress of a node.
   */
  static CepSpec<String> spec(CepCase c, TypeName type, boolean withCase) {
    String prefix = withCase ? c.id() + "\t" : "";
    return CepSpec.builder(type, Types.json(String.class), EventidePatterns.build(c))
        .process(
            (context, match, timestamp) ->
                context.egress(
                    EGRESS,
                    Types.json(String.class),
                    prefix
                        + context.self().id()
                        + "\tmatch\t"
                        + timestamp
                        + " "
                        + CepCase.format(match)))
        .onTimedOut(
            (context, match, timestamp) ->
                context.egress(
                    EGRESS,
                    Types.json(String.class),
                    prefix
                        + context.self().id()
                        + "\ttimeout\t"
                        + timestamp
                        + " "
                        + CepCase.format(match)))
        .onLateMessage(
            (context, message) ->
                context.egress(
                    EGRESS,
                    Types.json(String.class),
                    prefix
                        + context.self().id()
                        + "\tlate\t"
                        + message.as(Types.json(String.class))))
        .build();
  }
}
