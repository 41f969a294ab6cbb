package io.eventide.dispatcher.kafka;

import java.util.regex.Pattern;

/** The names of connector objects (API.md "Connectors"). */
final class Names {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  private Names() {}

  static String require(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConnectorException(
          ConnectorException.Code.INVALID,
          what + " name '" + name + "' must match " + NAME.pattern());
    }
    return name;
  }
}
