package io.eventide.worker.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zip files that unpack to far more than they hold, for the tests of the deploy-time jar bounds.
 * The large ones are written byte by byte rather than compressed: a deflate block of 1 MiB of zeros
 * is computed once and repeated, so a jar inflating to gigabytes costs a few MB and milliseconds.
 */
public final class ZipBombs {
  private static final int MIB = 1 << 20;

  private ZipBombs() {}

  /** {@code entries} entries of {@code mibEach} MiB of zeros each (under 4 GiB an entry). */
  public static byte[] zeros(int entries, int mibEach) {
    byte[] block = zerosBlock();
    byte[] end = finalBlock();
    ByteArrayOutputStream data = new ByteArrayOutputStream(block.length * mibEach + end.length);
    for (int i = 0; i < mibEach; i++) {
      data.writeBytes(block);
    }
    data.writeBytes(end);
    CRC32 crc = new CRC32();
    byte[] zeros = new byte[MIB];
    for (int i = 0; i < mibEach; i++) {
      crc.update(zeros);
    }
    RawZip zip = new RawZip();
    byte[] deflated = data.toByteArray();
    for (int i = 0; i < entries; i++) {
      zip.entry("zeros-" + i + ".bin", deflated, crc.getValue(), (long) mibEach * MIB);
    }
    return zip.finish();
  }

  /**
   * One deflated entry of {@code bytes} low-entropy bytes, listed {@code references} times in the
   * central directory: the overlapping kind of zip bomb, which unpacks its data once per listing.
   */
  public static byte[] overlapping(int references, int bytes) {
    byte[] content = lowEntropy(bytes, 17);
    CRC32 crc = new CRC32();
    crc.update(content);
    RawZip zip = new RawZip();
    long[] shared = zip.entry("shared.bin", deflate(content), crc.getValue(), bytes);
    for (int i = 1; i < references; i++) {
      zip.reference("shared-" + i + ".bin", shared);
    }
    return zip.finish();
  }

  /** A zip of {@code count} empty entries. */
  public static byte[] manyEntries(int count) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.setLevel(Deflater.NO_COMPRESSION);
      for (int i = 0; i < count; i++) {
        zip.putNextEntry(new ZipEntry("e" + i));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** A zip of one deflated entry. */
  public static byte[] single(String name, byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content);
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** {@code jar} with one more entry, {@code name}, holding {@code content} stored as it is. */
  public static byte[] withEntry(byte[] jar, String name, byte[] content) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(jar.length + content.length + 1024);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        out.putNextEntry(new ZipEntry(entry.getName()));
        in.transferTo(out);
        out.closeEntry();
      }
      ZipEntry added = new ZipEntry(name);
      CRC32 crc = new CRC32();
      crc.update(content);
      added.setMethod(ZipEntry.STORED);
      added.setSize(content.length);
      added.setCompressedSize(content.length);
      added.setCrc(crc.getValue());
      out.putNextEntry(added);
      out.write(content);
      out.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Mostly {@code 'a'}, one byte in 64 a {@code 'b'}: deflates about 30 to 1. */
  public static byte[] lowEntropy(int bytes, long seed) {
    byte[] content = new byte[bytes];
    Random random = new Random(seed);
    for (int i = 0; i < bytes; i++) {
      content[i] = random.nextInt(64) == 0 ? (byte) 'b' : (byte) 'a';
    }
    return content;
  }

  /** Raw deflate (as in a zip entry) of {@code content}. */
  static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    return drain(deflater, Deflater.NO_FLUSH);
  }

  /**
   * 1 MiB of zeros as non-final deflate blocks ending on a byte boundary: blocks can be repeated,
   * and their back-references (to zeros) stay right after any number of zeros.
   */
  private static byte[] zerosBlock() {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(new byte[MIB]);
    return drain(deflater, Deflater.SYNC_FLUSH);
  }

  /** An empty final block, closing a stream of {@link #zerosBlock()}s. */
  private static byte[] finalBlock() {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.finish();
    return drain(deflater, Deflater.NO_FLUSH);
  }

  private static byte[] drain(Deflater deflater, int flush) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    while (true) {
      int n = deflater.deflate(buffer, 0, buffer.length, flush);
      out.write(buffer, 0, n);
      if (n < buffer.length && (deflater.finished() || deflater.needsInput())) {
        break;
      }
    }
    deflater.end();
    return out.toByteArray();
  }

  /** A zip written header by header, with deflated entries and no extra fields. */
  private static final class RawZip {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream central = new ByteArrayOutputStream();
    private int count;

    /** Writes a local entry and lists it; returns its offset, CRC, compressed and full sizes. */
    long[] entry(String name, byte[] deflated, long crc, long size) {
      long offset = out.size();
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      le(0x04034b50, 4, out);
      le(20, 2, out); // version needed
      le(0, 2, out); // flags
      le(8, 2, out); // deflated
      le(0, 4, out); // time and date
      le(crc, 4, out);
      le(deflated.length, 4, out);
      le(size, 4, out);
      le(nameBytes.length, 2, out);
      le(0, 2, out); // extra length
      out.writeBytes(nameBytes);
      out.writeBytes(deflated);
      long[] local = {offset, crc, deflated.length, size};
      reference(name, local);
      return local;
    }

    /** Lists the {@code local} entry in the central directory under {@code name}. */
    void reference(String name, long[] local) {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      le(0x02014b50, 4, central);
      le(20, 2, central); // version made by
      le(20, 2, central); // version needed
      le(0, 2, central); // flags
      le(8, 2, central); // deflated
      le(0, 4, central); // time and date
      le(local[1], 4, central);
      le(local[2], 4, central);
      le(local[3], 4, central);
      le(nameBytes.length, 2, central);
      le(0, 6, central); // extra and comment lengths, disk number
      le(0, 6, central); // internal and external attributes
      le(local[0], 4, central);
      central.writeBytes(nameBytes);
      count++;
    }

    byte[] finish() {
      long centralOffset = out.size();
      out.writeBytes(central.toByteArray());
      le(0x06054b50, 4, out);
      le(0, 4, out); // disk numbers
      le(count, 2, out);
      le(count, 2, out);
      le(central.size(), 4, out);
      le(centralOffset, 4, out);
      le(0, 2, out); // comment length
      return out.toByteArray();
    }

    /** Writes {@code value} little-endian in {@code bytes} bytes. */
    private static void le(long value, int bytes, ByteArrayOutputStream to) {
      for (int i = 0; i < bytes; i++) {
        to.write((int) (value >>> (8 * i)) & 0xff);
      }
    }
  }
}
