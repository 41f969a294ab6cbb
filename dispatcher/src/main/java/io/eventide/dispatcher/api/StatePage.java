package io.eventide.dispatcher.api;

import java.util.List;
import java.util.Map;

/**
 * A page of the instances of one function type that have state, in id order (the ids' UTF-8 bytes
 * as the store orders them); {@code next} is the id to list after for the next page, null on the
 * last page.
 */
public record StatePage(List<Instance> instances, String next) {
  public StatePage {
    instances = List.copyOf(instances);
  }

  /**
   * One instance: its id, and its values by name when they were asked for (empty otherwise).
   *
   * @param values persisted values by name, as {@link Queries#state} answers them
   */
  public record Instance(String id, Map<String, byte[]> values) {
    public Instance {
      values = Map.copyOf(values);
    }
  }
}
