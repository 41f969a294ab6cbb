package io.eventide.deploy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --log-format text|json}: the process's log lines as text, or as one JSON object a line
 * (logback's {@code JsonEncoder}) for a log shipper. The environment twin is read by logback itself
 * as it starts; the flag reconfigures it once parsed, before the process logs its work.
 */
final class LogFormatOption {
  /** The property {@code logback.xml} picks its appender by. */
  static final String PROPERTY = "EVENTIDE_LOG_FORMAT";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      defaultValue = "${env:EVENTIDE_LOG_FORMAT:-text}",
      description =
          "Log lines as text, or as one JSON object a line (env EVENTIDE_LOG_FORMAT; default"
              + " ${DEFAULT-VALUE}). Audit lines are JSON either way.")
  void logFormat(String format) {
    String chosen = format.toLowerCase(Locale.ROOT);
    if (!chosen.equals("text") && !chosen.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--log-format must be text or json, was '" + format + "'");
    }
    apply(chosen);
  }

  /** Configures logback again from {@code logback.xml} with the format {@code format}. */
  static void apply(String format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding (a test's): nothing of ours to configure
    }
    if (format.equals(formatOf(context))) {
      return;
    }
    URL config = LogFormatOption.class.getResource("/logback.xml");
    if (config == null) {
      return;
    }
    context.reset();
    context.putProperty(PROPERTY, format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from " + config, e);
    }
  }

  private static String formatOf(LoggerContext context) {
    String set = context.getProperty(PROPERTY);
    if (set != null) {
      return set;
    }
    String env = System.getenv(PROPERTY);
    return env == null ? "text" : env.toLowerCase(Locale.ROOT);
  }
}
