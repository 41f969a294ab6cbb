package io.eventide.deploy.client;

/** The paths of {@code GET /v1/state/{ns}/{type}} pages, for {@code state list} and export. */
final class StatePages {
  private StatePages() {}

  /** The page after {@code after} (null: the first) of {@code type} ({@code ns/type}). */
  static String path(String type, String after, int limit, boolean values) {
    String[] parts = type.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("function type '" + type + "' must be namespace/type");
    }
    return "/v1/state/"
        + EventideClient.segment(parts[0])
        + "/"
        + EventideClient.segment(parts[1])
        + "?limit="
        + limit
        + (after == null ? "" : "&after=" + EventideClient.segment(after))
        + (values ? "&values=true" : "");
  }
}
