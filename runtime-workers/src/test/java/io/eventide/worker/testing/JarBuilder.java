package io.eventide.worker.testing;

import io.eventide.sdk.FunctionModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a real function jar at test time: compiles Java source strings against the SDK with the
 * JDK's compiler and writes the classes plus {@code META-INF/services} entries into a jar. The
 * classes are never on the test's class path, so loading them proves class-loader isolation. Copy
 * the idea freely (it needs only the JDK and the SDK jar).
 *
 * <pre>{@code
 * byte[] jar = JarBuilder.in(tempDir)
 *     .source("acme.Counter", "package acme; public class Counter implements ... { ... }")
 *     .source("acme.Module", "package acme; public class Module implements FunctionModule { ... }")
 *     .module("acme.Module")
 *     .build();
 * }</pre>
 */
public final class JarBuilder {
  private final Path workDir;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private final Set<String> excluded = new HashSet<>();
  private final Map<String, byte[]> resources = new LinkedHashMap<>();

  private JarBuilder(Path workDir) {
    this.workDir = workDir;
  }

  /** A builder that compiles under a fresh directory inside {@code dir} (a @TempDir). */
  public static JarBuilder in(Path dir) {
    try {
      return new JarBuilder(Files.createTempDirectory(dir, "jar-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a compilation unit, e.g. {@code source("acme.Counter", "package acme; ...")}. */
  public JarBuilder source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /** Lists {@code className} in {@code META-INF/services/io.eventide.sdk.FunctionModule}. */
  public JarBuilder module(String className) {
    return service(FunctionModule.class.getName(), className);
  }

  /** Adds a line to {@code META-INF/services/<service>} (the class need not exist). */
  public JarBuilder service(String service, String className) {
    services.computeIfAbsent(service, s -> new ArrayList<>()).add(className);
    return this;
  }

  /** Adds a plain file to the jar, e.g. to make a large one. */
  public JarBuilder resource(String path, byte[] content) {
    resources.put(path, content);
    return this;
  }

  /**
   * Compiles {@code className} but leaves it out of the jar, to make a jar with a missing class.
   */
  public JarBuilder exclude(String className) {
    excluded.add(className);
    return this;
  }

  /** Compiles the sources and returns the jar's bytes; fails with the compiler's output. */
  public byte[] build() {
    try {
      Path classes = compile();
      return jar(classes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path compile() throws IOException {
    Path src = Files.createDirectories(workDir.resolve("src"));
    Path classes = Files.createDirectories(workDir.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> unit : sources.entrySet()) {
      Path file = src.resolve(unit.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, unit.getValue());
      files.add(file);
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter output = new StringWriter();
    try (StandardJavaFileManager fileManager =
        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
      List<String> options =
          List.of("--release", "17", "-classpath", sdkClassPath(), "-d", classes.toString());
      if (!compiler.getTask(output, fileManager, null, options, null, units).call()) {
        throw new IllegalStateException("compilation failed:\n" + output);
      }
    }
    return classes;
  }

  private byte[] jar(Path classes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        if (!excluded.contains(className.replaceAll("\\$.*", ""))) {
          jar.putNextEntry(new JarEntry(name));
          jar.write(Files.readAllBytes(file));
          jar.closeEntry();
        }
      }
      for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
        jar.putNextEntry(new JarEntry(resource.getKey()));
        jar.write(resource.getValue());
        jar.closeEntry();
      }
      for (Map.Entry<String, List<String>> service : services.entrySet()) {
        jar.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
        jar.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The SDK's jar or classes directory (Surefire may hide the real class path in a manifest jar).
   */
  private static String sdkClassPath() {
    try {
      return Path.of(
              FunctionModule.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
