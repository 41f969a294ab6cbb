package io.eventide.sdk.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.Address;
import io.eventide.sdk.Limits;
import io.eventide.sdk.TooLargeException;
import io.eventide.sdk.Type;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code TooLargeException}'s example: a handler that keeps half its history when all of it is too
 * large.
 */
class TooLargeExampleTest {
  /** Lines of text, one element a line. */
  static final Type<List<String>> LINES =
      new Type<>() {
        @Override
        public String contentType() {
          return "text/plain; charset=utf-8";
        }

        @Override
        public byte[] encode(List<String> lines) {
          return String.join("\n", lines).getBytes(UTF_8);
        }

        @Override
        public List<String> decode(byte[] bytes) {
          return List.of(new String(bytes, UTF_8).split("\n", -1));
        }
      };

  static final ValueSpec<List<String>> HISTORY = ValueSpec.named("history").withType(LINES);

  @Test
  void aHandlerCatchesTooLargeAndWritesLess() {
    Address log = Address.of("shop", "history", "alice");
    FunctionTestDriver driver =
        FunctionTestDriver.create()
            .register(
                log.type(),
                () ->
                    (context, message) -> {
                      List<String> history =
                          new ArrayList<>(context.storage().get(HISTORY).orElse(List.of()));
                      history.add(message.as(Types.STRING));
                      // javadoc: TooLargeException
                      try {
                        context.storage().set(HISTORY, history);
                      } catch (TooLargeException e) {
                        context
                            .storage()
                            .set(HISTORY, history.subList(history.size() / 2, history.size()));
                      }
                      // end javadoc
                    },
                HISTORY);
    // 16 lines of a MiB less one byte, with their line breaks: one byte short of the limit.
    String mebibyte = "x".repeat((1 << 20) - 1);
    driver.setState(
        log, HISTORY, Collections.nCopies(Limits.MAX_STATE_VALUE_BYTES >> 20, mebibyte));

    driver.send(log, Types.STRING, "last");

    List<String> kept = driver.state(log, HISTORY).orElseThrow();
    assertThat(kept).hasSize(9).endsWith("last");
    assertThat(driver.deadLetters()).isEmpty();
  }
}
