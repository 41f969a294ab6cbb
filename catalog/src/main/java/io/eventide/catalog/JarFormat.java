package io.eventide.catalog;

import io.eventide.catalog.DeploymentException.Code;

/**
 * The one check of a jar's bytes that needs no class loading: it must start as a zip. Workers make
 * it before loading; the gateway makes it before it asks a worker, so that bytes which are not even
 * a zip get their 400 without one.
 *
 * <pre>{@code
 * JarFormat.requireZip(jarBytes); // DeploymentException INVALID_JAR otherwise
 * }</pre>
 */
public final class JarFormat {
  private JarFormat() {}

  /** Throws {@code INVALID_JAR} unless {@code jar} starts with a zip entry's signature. */
  public static void requireZip(byte[] jar) {
    if (jar.length < 4 || jar[0] != 'P' || jar[1] != 'K' || jar[2] != 3 || jar[3] != 4) {
      throw new DeploymentException(
          Code.INVALID_JAR, "not a jar: it does not start with a zip entry");
    }
  }
}
