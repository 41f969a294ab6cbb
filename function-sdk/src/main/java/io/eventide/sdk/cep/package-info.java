/**
 * Complex event processing shaped after Flink CEP: a {@link io.eventide.sdk.cep.Pattern} of steps
 * with conditions and quantifiers, run per key in event time by a {@link
 * io.eventide.sdk.cep.CepSpec} with Flink's NFA semantics, its partial matches in map state.
 */
package io.eventide.sdk.cep;
