package io.eventide.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Three versions of one function jar, compiled at test time, whose state {@code profile} is a JSON
 * record {@code evo.Profile} that changes between them. Function type {@code evo/profile}: each
 * message replies the profile as read (a new one, named after the address id and nicknamed after
 * the payload text, when there is none), then stores it with one more visit.
 *
 * <ul>
 *   <li>v1: {@code Profile(String name, long visits, String nick, String legacy)};
 *   <li>v2: {@code legacy} removed, {@code nick} renamed to {@code nickname} through
 *       {@code @JsonAlias("nick")}, {@code email}, {@code level} (one up per message) and {@code
 *       vip} added: a change {@code Types.json} allows;
 *   <li>v3: {@code name} changed from text to a record: a change it does not allow.
 * </ul>
 */
final class ProfileVersions {
  static final String TYPE = "evo/profile";

  private static final String MODULE =
      """
      package evo;
      public final class EvoModule implements io.eventide.sdk.FunctionModule {
        @Override public void configure(io.eventide.sdk.FunctionRegistry registry) {
          registry.register(io.eventide.sdk.TypeName.of("evo", "profile"), ProfileFunction::new, ProfileFunction.STATE);
        }
      }
      """;

  private static final String FUNCTION =
      """
      package evo;
      import io.eventide.sdk.*;
      public final class ProfileFunction implements StatefulFunction {
        static final Type<Profile> PROFILE = Types.json(Profile.class);
        static final ValueSpec<Profile> STATE = ValueSpec.named("profile").withType(PROFILE);
        @Override public void apply(Context context, Message message) {
          Profile read = context.storage().get(STATE).orElseGet(() -> %s);
          context.storage().set(STATE, %s);
          context.reply(PROFILE, read);
        }
      }
      """;

  private ProfileVersions() {}

  static byte[] v1(Path workDir) {
    return jar(
        workDir,
        "public record Profile(String name, long visits, String nick, String legacy) {}",
        "new Profile(context.self().id(), 0, message.as(Types.STRING), \"v1 only\")",
        "new Profile(read.name(), read.visits() + 1, read.nick(), read.legacy())");
  }

  static byte[] v2(Path workDir) {
    return jar(
        workDir,
        "public record Profile(String name, long visits,"
            + " @com.fasterxml.jackson.annotation.JsonAlias(\"nick\") String nickname,"
            + " String email, int level, boolean vip) {}",
        "new Profile(context.self().id(), 0, message.as(Types.STRING), null, 0, false)",
        "new Profile(read.name(), read.visits() + 1, read.nickname(), read.email(), read.level() + 1, read.vip())");
  }

  static byte[] v3(Path workDir) {
    return jar(
        workDir,
        "public record Profile(Name name, long visits) { public record Name(String first, String last) {} }",
        "new Profile(new Profile.Name(context.self().id(), null), 0)",
        "new Profile(read.name(), read.visits() + 1)");
  }

  private static byte[] jar(Path workDir, String profile, String fresh, String next) {
    Map<String, String> sources =
        Map.of(
            "evo.Profile",
            "package evo;\n" + profile + "\n",
            "evo.ProfileFunction",
            FUNCTION.formatted(fresh, next),
            "evo.EvoModule",
            MODULE);
    return BrokenJars.jar(workDir, sources, "evo.EvoModule", List.of());
  }
}
