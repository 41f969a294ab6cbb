import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The fsync floor of a disk, as a synced RocksDB write pays it: appends of one small record to a
 * file, each followed by {@code fdatasync} ({@code FileChannel.force(false)}), as RocksDB's WAL
 * does for a write with {@code sync=true}. Prints the percentiles after 200 unmeasured appends.
 * A single-file program, run with the JDK's source launcher:
 *
 * <pre>
 * java benchmarks/FsyncProbe.java [appends 3000] [record bytes 200] [directory /tmp]
 * </pre>
 */
public final class FsyncProbe {
  private static final int WARMUP = 200;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
    Path file = Files.createTempFile(dir, "fsync-probe", ".dat");
    long[] nanos = new long[n];
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer record = ByteBuffer.allocateDirect(size);
      for (int i = 0; i < n + WARMUP; i++) {
        record.clear();
        long start = System.nanoTime();
        channel.write(record);
        channel.force(false);
        if (i >= WARMUP) {
          nanos[i - WARMUP] = System.nanoTime() - start;
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
    Arrays.sort(nanos);
    System.out.printf(
        "fdatasync of %d-byte appends in %s, %d measured: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms,"
            + " p999 %.3f ms, max %.3f ms, mean %.3f ms%n",
        size,
        dir,
        n,
        nanos[n / 2] / 1e6,
        nanos[n * 9 / 10] / 1e6,
        nanos[n * 99 / 100] / 1e6,
        nanos[n * 999 / 1000] / 1e6,
        nanos[n - 1] / 1e6,
        Arrays.stream(nanos).average().orElse(0) / 1e6);
  }
}
