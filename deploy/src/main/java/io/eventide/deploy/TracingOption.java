package io.eventide.deploy;

import io.eventide.protocol.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --otlp-endpoint URL} and {@code --otlp-sample-ratio R}: OpenTelemetry tracing, exported
 * over OTLP/HTTP (protobuf) to {@code URL/v1/traces} by the official SDK. Without an endpoint no
 * SDK is built and {@link Tracing} stays off. See docs/decisions/tracing.md.
 */
final class TracingOption {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /** Spans waiting for the exporter at most; past it the SDK drops them (and counts them). */
  static final int MAX_QUEUED_SPANS = 8_192;

  @Option(
      names = "--otlp-endpoint",
      paramLabel = "URL",
      defaultValue = "${env:EVENTIDE_OTLP_ENDPOINT}",
      description =
          "Trace requests with OpenTelemetry and export the spans over OTLP/HTTP to URL/v1/traces,"
              + " e.g. http://127.0.0.1:4318 (env EVENTIDE_OTLP_ENDPOINT; default: no tracing).")
  String endpoint;

  @Option(
      names = "--otlp-sample-ratio",
      paramLabel = "R",
      defaultValue = "${env:EVENTIDE_OTLP_SAMPLE_RATIO:-1}",
      description =
          "Share of requests traced, 0..1, decided where a request enters and kept downstream (env"
              + " EVENTIDE_OTLP_SAMPLE_RATIO; default ${DEFAULT-VALUE}).")
  String sampleRatio;

  /**
   * Starts tracing this process as {@code eventide-<role>} when an endpoint is set; the SDK flushes
   * what it holds when the JVM exits.
   */
  void start(CommandSpec spec, String role) {
    if (endpoint == null || endpoint.isBlank()) {
      return;
    }
    String url = tracesUrl(spec, endpoint.strip());
    double ratio = ratio(spec, sampleRatio);
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder().setEndpoint(url).setTimeout(Duration.ofSeconds(10)).build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(SERVICE_NAME, "eventide-" + role))))
            .setSampler(new LinkedSampler(ratio))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setMaxQueueSize(MAX_QUEUED_SPANS)
                    .setScheduleDelay(Duration.ofMillis(500))
                    .build())
            .build();
    Tracing.install(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> provider.shutdown().join(5, TimeUnit.SECONDS), "eventide-tracing-flush"));
  }

  /** {@code URL/v1/traces}, or {@code URL} when it names that path already. */
  static String tracesUrl(CommandSpec spec, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw bad(spec, "--otlp-endpoint must be an http or https URL, was '" + url + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw bad(spec, "--otlp-endpoint must be an http or https URL, was '" + url + "'");
    }
    if (uri.getPath() != null && uri.getPath().endsWith("/v1/traces")) {
      return url;
    }
    return url.endsWith("/") ? url + "v1/traces" : url + "/v1/traces";
  }

  /** The sample ratio, 0..1. */
  static double ratio(CommandSpec spec, String text) {
    double ratio;
    try {
      ratio = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      ratio = Double.NaN;
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw bad(spec, "--otlp-sample-ratio must be 0..1, was '" + text + "'");
    }
    return ratio;
  }

  private static ParameterException bad(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
