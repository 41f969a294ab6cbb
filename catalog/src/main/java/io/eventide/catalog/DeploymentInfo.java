package io.eventide.catalog;

import io.eventide.protocol.DeploymentRecord;
import java.util.List;

/**
 * A deployed jar and the function types it serves, as {@code /v1/deployments} shows it.
 *
 * <pre>{@code
 * DeploymentInfo info = DeploymentInfo.of(catalog.record(id).orElseThrow());
 * }</pre>
 *
 * @param id the deployment id
 * @param name the name given at deploy time (or the id)
 * @param version increases by one each time a jar of the same name is deployed
 * @param functions {@code namespace/type} of every function type it registers
 * @param createdAt epoch ms
 * @param sizeBytes the jar's size
 */
public record DeploymentInfo(
    String id, String name, int version, List<String> functions, long createdAt, long sizeBytes) {

  /** The user-visible part of a catalog record. */
  public static DeploymentInfo of(DeploymentRecord record) {
    return new DeploymentInfo(
        record.getId(),
        record.getName(),
        record.getVersion(),
        List.copyOf(record.getFunctionsList()),
        record.getCreatedAt(),
        record.getSizeBytes());
  }
}
