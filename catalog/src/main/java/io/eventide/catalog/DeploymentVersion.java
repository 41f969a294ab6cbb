package io.eventide.catalog;

import io.eventide.protocol.DeploymentRecord;
import java.util.List;

/**
 * One version of a deployment, as {@code GET /v1/deployments/{id}/versions} lists it.
 *
 * <pre>{@code
 * List<DeploymentVersion> all = deployments.versions("shop");
 * }</pre>
 *
 * @param version the version number, one more than the version before it under the same name
 * @param deploymentId the id this version was deployed under
 * @param createdAt epoch ms
 * @param sizeBytes the jar's size
 * @param functions {@code namespace/type} of every function type it registers
 * @param current whether this version is the one served now
 * @param rollbackOf the version whose jar a rollback deployed again as this one; 0 for a new jar
 */
public record DeploymentVersion(
    int version,
    String deploymentId,
    long createdAt,
    long sizeBytes,
    List<String> functions,
    boolean current,
    int rollbackOf) {

  static DeploymentVersion of(DeploymentRecord record, boolean current) {
    return new DeploymentVersion(
        record.getVersion(),
        record.getId(),
        record.getCreatedAt(),
        record.getSizeBytes(),
        List.copyOf(record.getFunctionsList()),
        current,
        record.getRollbackOf());
  }
}
