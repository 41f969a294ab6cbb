import java.util.concurrent.locks.LockSupport;

/**
 * How late a parked thread wakes on this machine: one thread parks for 1 ms again and again and
 * records how much later than asked it runs again. A call through a node is a chain of such
 * wake-ups (docs/decisions/call-latency.md), so this is the scheduling floor under its tail: with
 * a share {@code p} of wake-ups more than 2 ms late, a call that needs {@code k} of them is held up
 * that long with a probability of about {@code 1 - (1 - p)^k}. Run it alone for the machine's own
 * floor, and beside a benchmark for the floor under that load. A single-file program, run with the
 * JDK's source launcher:
 *
 * <pre>
 * java benchmarks/WakeupProbe.java [seconds 15] [delay before measuring, seconds 0]
 * </pre>
 */
public final class WakeupProbe {
  private static final long PARK_NANOS = 1_000_000;

  public static void main(String[] args) throws InterruptedException {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int delay = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Thread.sleep(delay * 1000L);
    long[] thresholds = {500_000, 1_000_000, 2_000_000, 4_000_000};
    long[] over = new long[thresholds.length];
    long wakeups = 0;
    long worst = 0;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    for (long now = System.nanoTime(); now < end; ) {
      LockSupport.parkNanos(PARK_NANOS);
      long after = System.nanoTime();
      long late = after - now - PARK_NANOS;
      now = after;
      wakeups++;
      worst = Math.max(worst, late);
      for (int i = 0; i < thresholds.length; i++) {
        if (late > thresholds[i]) {
          over[i]++;
        }
      }
    }
    StringBuilder line = new StringBuilder("wake-ups after a 1 ms park: " + wakeups + ", late by");
    for (int i = 0; i < thresholds.length; i++) {
      line.append(
          String.format(
              " >%.1f ms %.3f%%%s",
              thresholds[i] / 1e6,
              100.0 * over[i] / wakeups,
              i < thresholds.length - 1 ? "," : ""));
    }
    System.out.println(line.append(String.format("; worst %.1f ms", worst / 1e6)));
  }
}
