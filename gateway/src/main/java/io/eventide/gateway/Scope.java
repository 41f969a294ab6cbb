package io.eventide.gateway;

import java.util.Set;

/**
 * The function types a token may reach: those of its namespaces and its listed types. A token
 * without either reaches every type.
 *
 * @param namespaces namespaces whose every type is in scope
 * @param types {@code ns/type} names in scope beside those namespaces
 */
record Scope(Set<String> namespaces, Set<String> types) {
  /** Every function type. */
  static final Scope ALL = new Scope(Set.of(), Set.of());

  Scope {
    namespaces = Set.copyOf(namespaces);
    types = Set.copyOf(types);
  }

  boolean all() {
    return namespaces.isEmpty() && types.isEmpty();
  }

  /** Whether {@code namespace/type} is in scope. */
  boolean reaches(String namespace, String type) {
    return all() || namespaces.contains(namespace) || types.contains(namespace + "/" + type);
  }
}
