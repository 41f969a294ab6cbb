package io.eventide.benchmarks;

import picocli.CommandLine.Option;

/**
 * How long the call scenarios run and over how many keys; {@code call} and {@code call-saturate}
 * share it.
 */
final class CallWindow {

  @Option(
      names = {"-d", "--duration"},
      defaultValue = "20",
      description = "measured seconds (default ${DEFAULT-VALUE})")
  int duration;

  @Option(
      names = "--warmup",
      defaultValue = "5",
      description = "unmeasured seconds first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--keys",
      defaultValue = "1000",
      description = "distinct keys (default ${DEFAULT-VALUE})")
  int keyCount;
}
