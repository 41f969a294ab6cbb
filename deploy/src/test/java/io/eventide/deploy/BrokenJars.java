package io.eventide.deploy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Builds function jars at test time from source strings, optionally leaving classes out. */
final class BrokenJars {
  private BrokenJars() {}

  /**
   * Compiles {@code sources} (class name to source) against the SDK, then jars every class whose
   * name is not in {@code omit}, plus a services file naming {@code moduleClass}.
   */
  static byte[] jar(
      Path workDir, Map<String, String> sources, String moduleClass, List<String> omit) {
    try {
      Path classes = Files.createDirectories(workDir.resolve("classes-" + System.nanoTime()));
      compile(sources, classes);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (JarOutputStream jar = new JarOutputStream(bytes);
          Stream<Path> files = Files.walk(classes)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String entry = classes.relativize(file).toString().replace(File.separatorChar, '/');
          String className = entry.replace('/', '.').replaceAll("\\.class$", "");
          if (omit.stream().noneMatch(className::startsWith)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(Files.readAllBytes(file));
            jar.closeEntry();
          }
        }
        jar.putNextEntry(new JarEntry("META-INF/services/io.eventide.sdk.FunctionModule"));
        jar.write((moduleClass + "\n").getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A working jar whose module registers one do-nothing function {@code namespace/type}. */
  static byte[] oneType(Path workDir, String namespace, String type) {
    String name = namespace + ".Module";
    String source =
        "package "
            + namespace
            + ";\n"
            + "public final class Module implements io.eventide.sdk.FunctionModule, io.eventide.sdk.StatefulFunction {\n"
            + "  public void configure(io.eventide.sdk.FunctionRegistry r) {\n"
            + "    r.register(io.eventide.sdk.TypeName.of(\""
            + namespace
            + "\", \""
            + type
            + "\"), Module::new);\n"
            + "  }\n"
            + "  public void apply(io.eventide.sdk.Context c, io.eventide.sdk.Message m) {}\n"
            + "}\n";
    return jar(workDir, Map.of(name, source), name, List.of());
  }

  private static void compile(Map<String, String> sources, Path classes) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<SimpleJavaFileObject> units =
        sources.entrySet().stream()
            .map(source -> source(source.getKey(), source.getValue()))
            .toList();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Boolean ok =
        compiler
            .getTask(
                null,
                null,
                null,
                List.of(
                    "-d",
                    classes.toString(),
                    "-classpath",
                    classPath,
                    "--release",
                    "17",
                    "-proc:none"),
                null,
                units)
            .call();
    if (!Boolean.TRUE.equals(ok)) {
      throw new IllegalStateException("test sources did not compile");
    }
  }

  private static SimpleJavaFileObject source(String className, String code) {
    URI uri = URI.create("string:///" + className.replace('.', '/') + ".java");
    return new SimpleJavaFileObject(uri, javax.tools.JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
