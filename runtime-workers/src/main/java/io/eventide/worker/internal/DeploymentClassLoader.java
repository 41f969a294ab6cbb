package io.eventide.worker.internal;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one deployed jar: <b>child-first</b> for the jar's own classes, so that a
 * function may bundle its own versions of libraries the worker also uses (protobuf, Guava, ...) and
 * two deployments may contain classes of the same name without seeing each other's;
 * <b>parent-first</b> for:
 *
 * <ul>
 *   <li>{@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}: platform classes, which only the
 *       platform may define;
 *   <li>{@code io.eventide.sdk.}: the worker and the function must agree on {@code FunctionModule},
 *       {@code StatefulFunction}, {@code Context}... or every call fails with a {@code
 *       ClassCastException} (a jar that bundles the SDK is harmless: its copy is ignored);
 *   <li>{@code org.slf4j.}: a function's logs go through the worker's logging backend;
 *   <li>{@code com.fasterxml.jackson.}: {@code Types.json} serialises the function's objects with
 *       the SDK's Jackson, which must see the same annotation classes the function was built with.
 * </ul>
 *
 * Classes the jar does not contain fall back to the parent (as in Flink). Service files ({@code
 * META-INF/services/...}) are read from the jar only, so a deployment serves exactly the modules it
 * lists, never those on the worker's own class path. Isolation, not a sandbox: deployed code is
 * trusted.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe (parallel capable, locking per class name).
 */
public final class DeploymentClassLoader extends URLClassLoader {
  private static final List<String> PARENT_FIRST =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "io.eventide.sdk.",
          "org.slf4j.",
          "com.fasterxml.jackson.");
  private static final String SERVICES = "META-INF/services/";

  static {
    registerAsParallelCapable();
  }

  /**
   * @param jar the deployment's jar file
   * @param parent the loader of the SDK (the worker's own loader)
   * @param deploymentId named in the loader's name, for stack traces and heap dumps
   */
  public DeploymentClassLoader(URL jar, ClassLoader parent, String deploymentId) {
    super("deployment-" + deploymentId, new URL[] {jar}, parent);
  }

  static boolean parentFirst(String name) {
    for (String prefix : PARENT_FIRST) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (parentFirst(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notInJar) {
          loaded = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    if (parentFirst(name.replace('/', '.'))) {
      return super.getResource(name);
    }
    URL own = findResource(name);
    return own != null || name.startsWith(SERVICES) ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
    if (!name.startsWith(SERVICES)) {
      urls.addAll(Collections.list(getParent().getResources(name)));
    }
    return Collections.enumeration(urls);
  }
}
