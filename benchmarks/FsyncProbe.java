import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The fsync floor of a disk, as a synced RocksDB write pays it: appends of one small record to a
 * file, each followed by {@code fdatasync} ({@code FileChannel.force(false)}), as RocksDB's WAL
 * does for a write with {@code sync=true}. Prints the percentiles after 200 unmeasured appends,
 * and the context switches per write (each a sleep and a wake-up). With {@code overwrite} the
 * records go over a file written and synced to its full size first, as into a recycled WAL file
 * (RocksDB's {@code recycle_log_file_num}): the file's size no longer changes, so {@code
 * fdatasync} has no metadata to commit through the file system's journal. A single-file program,
 * run with the JDK's source launcher:
 *
 * <pre>
 * java benchmarks/FsyncProbe.java [appends 3000] [record bytes 200] [directory /tmp] [append|overwrite]
 * </pre>
 */
public final class FsyncProbe {
  private static final int WARMUP = 200;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
    boolean overwrite = args.length > 3 && args[3].equals("overwrite");
    Path file = Files.createTempFile(dir, "fsync-probe", ".dat");
    long[] nanos = new long[n];
    long[] switches = new long[2];
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer record = ByteBuffer.allocateDirect(size);
      if (overwrite) {
        ByteBuffer zeros = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < n + WARMUP; i++) {
          zeros.clear();
          channel.write(zeros);
        }
        channel.force(true);
        channel.position(0);
      }
      for (int i = 0; i < n + WARMUP; i++) {
        if (i == WARMUP) {
          switches = contextSwitches();
        }
        record.clear();
        long start = System.nanoTime();
        channel.write(record);
        channel.force(false);
        if (i >= WARMUP) {
          nanos[i - WARMUP] = System.nanoTime() - start;
        }
      }
      long[] after = contextSwitches();
      switches[0] = after[0] - switches[0];
      switches[1] = after[1] - switches[1];
    } finally {
      Files.deleteIfExists(file);
    }
    Arrays.sort(nanos);
    System.out.printf(
        "fdatasync of %d-byte %s in %s, %d measured: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms,"
            + " p999 %.3f ms, max %.3f ms, mean %.3f ms; per write %.2f voluntary and %.2f"
            + " involuntary context switches%n",
        size,
        overwrite ? "overwrites of a synced file" : "appends",
        dir,
        n,
        nanos[n / 2] / 1e6,
        nanos[n * 9 / 10] / 1e6,
        nanos[n * 99 / 100] / 1e6,
        nanos[n * 999 / 1000] / 1e6,
        nanos[n - 1] / 1e6,
        Arrays.stream(nanos).average().orElse(0) / 1e6,
        (double) switches[0] / n,
        (double) switches[1] / n);
  }

  /** This thread's voluntary and involuntary context switches so far (Linux; zeros elsewhere). */
  private static long[] contextSwitches() throws IOException {
    Path status = Path.of("/proc/thread-self/status");
    long[] counts = new long[2];
    if (!Files.isReadable(status)) {
      return counts;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("voluntary_ctxt_switches:")) {
        counts[0] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
        counts[1] = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return counts;
  }
}
