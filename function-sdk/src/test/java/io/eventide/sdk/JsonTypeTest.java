package io.eventide.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Old and new shapes of a state type, as {@link Types#json} documents them: what a redeploy may
 * change in a class and what it may not.
 */
class JsonTypeTest {
  /** The first version, as stored before a redeploy. */
  record ProfileV1(String name, int visits, String nick, String legacy) {}

  /** v2: {@code legacy} removed, {@code nick} renamed, four fields added. */
  record ProfileV2(
      String name,
      long visits,
      @JsonAlias("nick") String nickname,
      String email,
      int level,
      boolean vip,
      List<String> tags) {}

  /** A class instead of a record: missing fields keep their initializers. */
  static final class Settings {
    private String theme = "dark";
    private int fontSize = 12;

    public String getTheme() {
      return theme;
    }

    public int getFontSize() {
      return fontSize;
    }
  }

  /** The two ways to default a missing field to something else than null or 0. */
  record Tagged(@JsonSetter(nulls = Nulls.AS_EMPTY) List<String> tags, Integer priority) {
    Tagged {
      priority = priority == null ? 5 : priority;
    }
  }

  /** v2 of ProfileV1 with {@code name} changed from text to an object: not allowed. */
  record ProfileV3(Name name) {}

  record Name(String first, String last) {}

  static final ProfileV1 V1 = new ProfileV1("ada", 3, "countess", "old stuff");

  @Test
  void addedFieldsGetTheirDefaultsFromOldState() {
    ProfileV2 read = Types.json(ProfileV2.class).decode(Types.json(ProfileV1.class).encode(V1));

    assertThat(read).isEqualTo(new ProfileV2("ada", 3, "countess", null, 0, false, null));
  }

  @Test
  void removedFieldsAreIgnoredWhenReadingAndDroppedAtTheNextWrite() {
    Type<ProfileV2> v2 = Types.json(ProfileV2.class);

    String written = text(v2.encode(v2.decode(Types.json(ProfileV1.class).encode(V1))));

    assertThat(written).doesNotContain("legacy", "old stuff");
  }

  @Test
  void aFieldRenamedThroughJsonAliasReadsTheOldNameAndWritesTheNewOne() {
    Type<ProfileV2> v2 = Types.json(ProfileV2.class);

    ProfileV2 read = v2.decode(bytes("{\"name\":\"ada\",\"nick\":\"countess\"}"));

    assertThat(read.nickname()).isEqualTo("countess");
    assertThat(text(v2.encode(read)))
        .contains("\"nickname\":\"countess\"")
        .doesNotContain("\"nick\"");
    assertThat(v2.decode(v2.encode(read))).isEqualTo(read);
  }

  @Test
  void nullForAPrimitiveReadsAsZero() {
    ProfileV2 read =
        Types.json(ProfileV2.class).decode(bytes("{\"visits\":null,\"level\":null,\"vip\":null}"));

    assertThat(read).isEqualTo(new ProfileV2(null, 0, null, null, 0, false, null));
  }

  @Test
  void aClassKeepsItsFieldInitializersForMissingFields() {
    Settings read =
        Types.json(Settings.class).decode(bytes("{\"theme\":\"light\",\"removed\":[1,2]}"));

    assertThat(read.getTheme()).isEqualTo("light");
    assertThat(read.getFontSize()).isEqualTo(12);
  }

  @Test
  void otherDefaultsComeFromAnnotationsOrTheCompactConstructor() {
    assertThat(Types.json(Tagged.class).decode(bytes("{}"))).isEqualTo(new Tagged(List.of(), 5));
  }

  @Test
  void wideningANumberReadsOldValues() {
    // ProfileV1.visits is an int, ProfileV2.visits a long.
    ProfileV1 big = new ProfileV1("ada", Integer.MAX_VALUE, null, null);

    assertThat(Types.json(ProfileV2.class).decode(Types.json(ProfileV1.class).encode(big)).visits())
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void anIncompatibleFieldTypeFailsNamingTheClassAndTheField() {
    byte[] old = Types.json(ProfileV1.class).encode(V1);

    assertThatThrownBy(() -> Types.json(ProfileV3.class).decode(old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON of " + ProfileV3.class.getName())
        .hasMessageContaining("name");
  }

  @Test
  void aValueOfAnotherTypeFails() {
    byte[] storedAsLong = Types.LONG.encode(42L);

    assertThatThrownBy(() -> Types.json(ProfileV2.class).decode(storedAsLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON of " + ProfileV2.class.getName());
    assertThatThrownBy(() -> Types.json(ProfileV2.class).decode(Types.STRING.encode("ada")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
