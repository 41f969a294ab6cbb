package io.eventide.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventide.sdk.testing.DeadLetter;
import io.eventide.sdk.testing.FunctionTestDriver;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Users' class paths must never clash with ours: no Jackson type in a public signature. */
class PublicApiTest {
  /**
   * Every public class of the SDK's packages for users (all but the runtime's), found on disk next
   * to {@link Address}.
   */
  static List<Class<?>> publicTypes() throws Exception {
    Path root = Path.of(Address.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.walk(root.resolve("io/eventide/sdk"))) {
      List<Class<?>> types = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name);
        if (!name.contains(".runtime.") && Modifier.isPublic(type.getModifiers())) {
          types.add(type);
        }
      }
      return types;
    }
  }

  @Test
  void noPublicSignatureMentionsJackson() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> type : publicTypes()) {
      for (Method method : type.getMethods()) {
        check(
            leaks,
            method,
            Stream.concat(Stream.of(method.getGenericReturnType()), signature(method)));
      }
      for (Executable constructor : type.getConstructors()) {
        check(leaks, constructor, signature(constructor));
      }
      for (Field field : type.getFields()) {
        check(leaks, field, Stream.of(field.getGenericType()));
      }
      check(
          leaks,
          type,
          Stream.concat(
              Stream.of(type.getGenericSuperclass()), Stream.of(type.getGenericInterfaces())));
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theScanFindsThePublicTypes() throws Exception {
    assertThat(publicTypes())
        .contains(
            Address.class,
            Types.class,
            ValueSpec.Named.class,
            FunctionTestDriver.class,
            DeadLetter.class)
        .doesNotContain(io.eventide.sdk.runtime.HandlerScope.class);
  }

  private static Stream<Type> signature(Executable executable) {
    return Stream.concat(
        Stream.of(executable.getGenericParameterTypes()),
        Stream.of(executable.getGenericExceptionTypes()));
  }

  private static void check(List<String> leaks, Object where, Stream<Type> types) {
    types
        .filter(t -> t != null && t.getTypeName().contains("com.fasterxml"))
        .forEach(t -> leaks.add(where + " uses " + t.getTypeName()));
  }
}
