package io.eventide.deploy.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small file that makes a directory an Eventide backup: {@code eventide-backup.json}, written
 * last, so that a backup cut short has none and is refused by {@code eventide restore}.
 *
 * <pre>{@code
 * BackupManifest manifest = BackupManifest.read(backupDir); // IllegalArgumentException: not one
 * }</pre>
 *
 * @param format the layout's version; a restore refuses a format it does not know
 * @param createdAt when the checkpoint was taken, epoch ms
 * @param keyGroups the store's key-group count, checked against the restored store
 * @param cluster the keyspace's cluster name ({@code standalone})
 * @param files files in {@code store/}
 * @param bytes their total size
 */
public record BackupManifest(
    int format, long createdAt, int keyGroups, String cluster, long files, long bytes) {
  /** The manifest's file name in a backup directory. */
  public static final String FILE = "eventide-backup.json";

  /** The directory of the store's checkpoint in a backup directory. */
  public static final String STORE = "store";

  /** The layout this version writes and reads: {@code store/} (a RocksDB checkpoint) + manifest. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The manifest as JSON fields, also the body of the backup's HTTP answer. */
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("format", format);
    fields.put("createdAt", createdAt);
    fields.put("keyGroups", keyGroups);
    fields.put("cluster", cluster);
    fields.put("files", files);
    fields.put("bytes", bytes);
    return fields;
  }

  /** Writes {@code dir/eventide-backup.json} durably, by a rename of a synced temporary file. */
  void write(Path dir) throws IOException {
    Path temporary = dir.resolve(FILE + ".tmp");
    Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(fields()));
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temporary, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Reads the manifest of backup directory {@code dir}.
   *
   * @throws IllegalArgumentException when {@code dir} is not a backup this version can restore
   */
  public static BackupManifest read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a directory");
    }
    JsonNode json;
    try {
      json = JSON.readTree(dir.resolve(FILE).toFile());
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(
          dir + " is not an Eventide backup: it has no " + FILE + " (a backup cut short has none)");
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(dir.resolve(FILE) + " is not valid JSON", e);
    }
    if (json == null || !json.path("format").canConvertToInt()) {
      throw new IllegalArgumentException(dir.resolve(FILE) + " has no format number");
    }
    int format = json.path("format").asInt();
    if (format != FORMAT) {
      throw new IllegalArgumentException(
          dir + " is a backup of format " + format + "; this version restores format " + FORMAT);
    }
    int keyGroups = json.path("keyGroups").asInt(0);
    if (keyGroups < 1 || !json.path("createdAt").canConvertToLong()) {
      throw new IllegalArgumentException(
          dir.resolve(FILE) + " lacks createdAt or a positive keyGroups");
    }
    if (!Files.isRegularFile(dir.resolve(STORE).resolve("CURRENT"))) {
      throw new IllegalArgumentException(dir + " has a manifest but no store/ checkpoint");
    }
    return new BackupManifest(
        format,
        json.path("createdAt").asLong(),
        keyGroups,
        json.path("cluster").asText("standalone"),
        json.path("files").asLong(),
        json.path("bytes").asLong());
  }
}
