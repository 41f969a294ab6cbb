package io.eventide.sdk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.eventide.sdk.Address;
import io.eventide.sdk.Type;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import org.junit.jupiter.api.Test;

/**
 * The driver reads state written by an earlier version of a JSON state type as the platform does
 * after a redeploy: {@link FunctionTestDriver#setState} with the old spec plays the old version.
 */
class FunctionTestDriverEvolutionTest {
  static final TypeName PROFILES = TypeName.of("t", "profile");

  record ProfileV1(String name, long visits, String nick, String legacy) {}

  /** {@code legacy} removed, {@code nick} renamed, {@code level} added. */
  record ProfileV2(String name, long visits, @JsonAlias("nick") String nickname, int level) {}

  static final Type<ProfileV2> PROFILE = Types.json(ProfileV2.class);
  static final ValueSpec<ProfileV1> V1 =
      ValueSpec.named("profile").withType(Types.json(ProfileV1.class));
  static final ValueSpec<ProfileV2> V2 = ValueSpec.named("profile").withType(PROFILE);

  /** The same stored value seen as its JSON text. */
  static final ValueSpec<String> RAW = ValueSpec.named("profile").withType(Types.STRING);

  final FunctionTestDriver driver =
      FunctionTestDriver.create()
          .register(
              PROFILES,
              () ->
                  (context, message) -> {
                    // Replies the profile as read, then writes it back one visit and one level up.
                    ProfileV2 read = context.storage().get(V2).orElseThrow();
                    context.reply(PROFILE, read);
                    context
                        .storage()
                        .set(
                            V2,
                            new ProfileV2(
                                read.name(), read.visits() + 1, read.nickname(), read.level() + 1));
                  },
              V2);
  final Address ada = new Address(PROFILES, "ada");

  @Test
  void v2ReadsStateWrittenByV1AndWritesItInItsOwnShape() {
    driver.setState(ada, V1, new ProfileV1("ada", 3, "countess", "old stuff"));

    ProfileV2 read = driver.call(ada, Types.STRING, "visit", PROFILE);

    assertThat(read).isEqualTo(new ProfileV2("ada", 3, "countess", 0));
    assertThat(driver.state(ada, V2)).contains(new ProfileV2("ada", 4, "countess", 1));
    assertThat(driver.state(ada, RAW))
        .contains("{\"name\":\"ada\",\"visits\":4,\"nickname\":\"countess\",\"level\":1}");
  }

  @Test
  void stateThatNoLongerDecodesDeadLettersTheMessageAndStaysAsItWas() {
    ValueSpec<Long> storedAsLong = ValueSpec.named("profile").withType(Types.LONG);
    driver.setState(ada, storedAsLong, 42L);

    driver.send(ada, Types.STRING, "visit");

    assertThat(driver.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.target()).isEqualTo("t/profile/ada");
              assertThat(letter.error().message())
                  .contains("not JSON of " + ProfileV2.class.getName());
            });
    assertThat(driver.state(ada, storedAsLong)).contains(42L);
  }
}
