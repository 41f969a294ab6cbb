package io.eventide.benchmarks;

/**
 * A request path with one {@code {key}} placeholder, such as Eventide's {@code
 * /v1/call/example/counter/{key}} or Restate's {@code /Counter/{key}/add}, so one generator drives
 * either system with the same keys. Split once so that building a path per request is two
 * concatenations.
 */
record PathTemplate(String before, String after) {

  static final String PLACEHOLDER = "{key}";

  /**
   * Throws {@link IllegalArgumentException} unless {@code template} is a path with one placeholder.
   */
  static PathTemplate parse(String template) {
    int at = template.indexOf(PLACEHOLDER);
    if (!template.startsWith("/") || at < 0 || template.indexOf(PLACEHOLDER, at + 1) >= 0) {
      throw new IllegalArgumentException(
          "a path template starts with / and holds " + PLACEHOLDER + " exactly once: " + template);
    }
    return new PathTemplate(
        template.substring(0, at), template.substring(at + PLACEHOLDER.length()));
  }

  /** The path for a key id that is already URL-encoded. */
  String path(String encodedKey) {
    return before + encodedKey + after;
  }
}
