package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.api.EgressStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The {@code egresses} part of {@code GET /v1/cluster}: every configured egress, who delivers it
 * (the holder of its key group), and how far it got. Standalone and cluster views share it.
 */
public final class EgressViews {
  private EgressViews() {}

  /**
   * @param ownerOf the node holding a key group ("" when none does)
   */
  public static Map<String, Object> of(
      List<EgressStatus> egresses, IntFunction<String> ownerOf, int keyGroups) {
    Map<String, Object> view = new TreeMap<>();
    for (EgressStatus status : egresses) {
      String name = status.spec().name();
      Map<String, Object> egress = new LinkedHashMap<>();
      egress.put("kind", status.spec().kind());
      egress.put("deliveredBy", ownerOf.apply(Deliverers.keyGroup(name, keyGroups)));
      egress.put("offset", status.offset());
      egress.put("delivered", status.delivered());
      egress.put("pending", status.pending());
      egress.put("deadLettered", status.deadLettered());
      egress.put("lastError", status.lastError());
      view.put(name, egress);
    }
    return view;
  }
}
