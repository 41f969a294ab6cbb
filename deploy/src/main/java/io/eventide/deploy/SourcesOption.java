package io.eventide.deploy;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --source NAME:out-of-orderness=D,idle=D}, repeatable: the watermark strategy of ingress
 * sources, for {@code standalone} and for {@code dispatcher} (give every dispatcher of a cluster
 * the same, as any of them may take a source's key group over).
 */
final class SourcesOption {
  @Option(
      names = "--source",
      paramLabel = "NAME:out-of-orderness=D,idle=D",
      split = ";",
      defaultValue = "${env:EVENTIDE_SOURCES}",
      description =
          "Watermark strategy of an ingress source; repeatable (env EVENTIDE_SOURCES, ';'-separated).")
  List<String> sources = new ArrayList<>();

  /** The settings given, each checked; a bad one is a usage error. */
  List<String> checked(CommandSpec spec) {
    List<String> checked = new ArrayList<>();
    for (String source : sources == null ? List.<String>of() : sources) {
      if (source.isBlank()) {
        continue;
      }
      try {
        SourceOption.parse(source.trim());
      } catch (IllegalArgumentException e) {
        throw Usage.error(spec, "--source: " + e.getMessage(), e);
      }
      checked.add(source.trim());
    }
    return checked;
  }
}
