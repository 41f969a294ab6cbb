package io.eventide.gateway;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.eventide.sdk.Names;
import io.eventide.sdk.TypeName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a tokens file: {@code {"tokens": [{"name": "shop-writer", "token": "...", "role":
 * "ingress", "namespaces": ["shop"], "types": ["billing/invoice"], "rateLimit": "100/s"}]}}. Only
 * {@code name}, {@code token} and {@code role} are required. Unknown fields are refused, so that a
 * misspelt {@code "namespace"} cannot quietly widen a token to every type.
 *
 * <p>Messages name the entry by index and name and never contain a token, nor any text of the file
 * a token could be part of: a JSON syntax error only says where it is.
 *
 * <h2>Thread safety</h2>
 *
 * Stateless.
 */
final class TokensFile {
  /** The largest tokens file read: far above thousands of entries. */
  static final int MAX_BYTES = 1 << 20;

  private static final Set<String> FIELDS =
      Set.of("name", "token", "role", "namespaces", "types", "rateLimit");

  private TokensFile() {}

  /** The entries of {@code content}; throws IllegalArgumentException saying what is wrong. */
  static List<Client> parse(byte[] content) {
    if (content.length > MAX_BYTES) {
      throw new IllegalArgumentException("larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root = tree(content);
    JsonNode tokens = root == null ? null : root.get("tokens");
    if (tokens == null || !tokens.isArray() || root.size() != 1) {
      throw new IllegalArgumentException("the file must be a JSON object {\"tokens\": [...]}");
    }
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      clients.add(entry(tokens.get(i), "tokens[" + i + "]"));
    }
    return clients;
  }

  private static JsonNode tree(byte[] content) {
    try {
      JsonNode root = Json.MAPPER.readTree(content);
      return root != null && root.isObject() ? root : null;
    } catch (JsonProcessingException e) {
      // Jackson's own message quotes the text it choked on, which may be part of a token.
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          "not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
          null);
    } catch (IOException e) {
      throw new IllegalArgumentException("not readable as JSON", null);
    }
  }

  private static Client entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    String name = text(node, "name", where);
    if (name == null || !Names.valid(name)) {
      throw new IllegalArgumentException(where + ": \"name\" must match " + Names.PATTERN);
    }
    String at = where + " ('" + name + "')";
    for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            at + ": unknown field \"" + field + "\"; the fields are " + new TreeSet<>(FIELDS));
      }
    }
    JsonNode token = node.get("token");
    if (token == null
        || !token.isTextual()
        || token.asText().isEmpty()
        || !token.asText().equals(token.asText().strip())) {
      throw new IllegalArgumentException(
          at + ": \"token\" must be a non-empty string without leading or trailing spaces");
    }
    String roleText = text(node, "role", at);
    Role role;
    try {
      role = Role.parse(roleText == null ? "(missing)" : roleText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
    }
    Scope scope = new Scope(names(node, "namespaces", at, false), names(node, "types", at, true));
    if (role == Role.ADMIN && !scope.all()) {
      throw new IllegalArgumentException(
          at
              + ": an admin token reaches everything; namespaces and types are for ingress and read");
    }
    String limit = text(node, "rateLimit", at);
    boolean unlimited = "off".equals(limit);
    GatewayConfig.RateLimit rateLimit = null;
    if (limit != null && !unlimited) {
      try {
        rateLimit = GatewayConfig.RateLimit.parse(limit);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage() + ", or off", e);
      }
    }
    return new Client(name, Client.digest(token.asText()), role, scope, rateLimit, unlimited);
  }

  private static String text(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(at + ": \"" + field + "\" must be a string");
    }
    return value.asText();
  }

  /** A non-empty list of namespaces, or of {@code ns/type} names; empty when absent. */
  private static Set<String> names(JsonNode node, String field, String at, boolean types) {
    JsonNode list = node.get(field);
    if (list == null) {
      return Set.of();
    }
    if (!list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(
          at + ": \"" + field + "\" must be a non-empty list (leave it out for every type)");
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode item : list) {
      String name = item.isTextual() ? item.asText() : null;
      try {
        if (types) {
          names.add(TypeName.parse(name == null ? "" : name).toString());
        } else if (name != null && Names.valid(name)) {
          names.add(name);
        } else {
          throw new IllegalArgumentException(
              "namespace '" + name + "' must match " + Names.PATTERN);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": \"" + field + "\": " + e.getMessage(), e);
      }
    }
    return names;
  }
}
