package io.eventide.dispatcher.internal.egress;

import io.eventide.dispatcher.internal.egress.Sink.Delivered;
import io.eventide.dispatcher.internal.egress.Sink.Position;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;

/**
 * A deliverer in a process of its own, for {@link KafkaSinkKillIT} to kill with SIGKILL: it resumes
 * a {@link KafkaSink} from a position file (the stand-in for the store), delivers records [0,
 * total) in batches and records each delivered position after Kafka committed, atomically (write,
 * then rename, as a store commit). It waits {@code pauseMs} between the two commits, so that a kill
 * lands in that window often. Each step is a line on standard output.
 *
 * <p>Arguments: bootstrap topic transactionalId positionFile total batch pauseMs
 */
final class KafkaSinkDeliverer {
  private KafkaSinkDeliverer() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    String transactionalId = args[2];
    Path positionFile = Path.of(args[3]);
    long total = Long.parseLong(args[4]);
    int batch = Integer.parseInt(args[5]);
    long pauseMs = Long.parseLong(args[6]);
    try (KafkaSink sink = new KafkaSink("kill", bootstrap, Map.of(), topic, transactionalId)) {
      Position stored = read(positionFile);
      long has = sink.resume(stored);
      System.out.println("resumed stored=" + stored.offset() + " has=" + has);
      for (long from = has + 1; from < total; from += batch) {
        Delivered delivered =
            sink.deliver(KafkaSinkIT.records(from, Math.min(total, from + batch)));
        System.out.println("delivered-unrecorded " + delivered.offset());
        Thread.sleep(pauseMs); // the window between Kafka's commit and the store's, widened
        write(positionFile, delivered);
        System.out.println("recorded " + delivered.offset());
      }
    }
    System.out.println("done");
  }

  private static Position read(Path file) throws Exception {
    if (!Files.exists(file)) {
      return new Position(-1, null);
    }
    String[] parts = Files.readString(file, StandardCharsets.UTF_8).split(" ");
    return new Position(Long.parseLong(parts[0]), Base64.getDecoder().decode(parts[1]));
  }

  private static void write(Path file, Delivered delivered) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(
        tmp,
        delivered.offset() + " " + Base64.getEncoder().encodeToString(delivered.sinkState()),
        StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
