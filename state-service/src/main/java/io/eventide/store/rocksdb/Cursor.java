package io.eventide.store.rocksdb;

import io.eventide.store.Keys;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * What {@link RangeScan} needs of an iterator: one family's {@link RocksIterator}, or the iterators
 * of every family merged for a range that spans families ({@link KeyFamilies}).
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe, as RocksDB's iterators.
 */
interface Cursor {
  void seekToFirst();

  void seekToLast();

  void seek(byte[] key);

  boolean isValid();

  byte[] key();

  byte[] value();

  void next();

  void prev();

  /** Throws the error that ended the iteration, if one did. */
  void status() throws RocksDBException;

  /** One family's iterator. */
  final class Single implements Cursor {
    private final RocksIterator it;

    Single(RocksIterator it) {
      this.it = it;
    }

    @Override
    public void seekToFirst() {
      it.seekToFirst();
    }

    @Override
    public void seekToLast() {
      it.seekToLast();
    }

    @Override
    public void seek(byte[] key) {
      it.seek(key);
    }

    @Override
    public boolean isValid() {
      return it.isValid();
    }

    @Override
    public byte[] key() {
      return it.key();
    }

    @Override
    public byte[] value() {
      return it.value();
    }

    @Override
    public void next() {
      it.next();
    }

    @Override
    public void prev() {
      it.prev();
    }

    @Override
    public void status() throws RocksDBException {
      it.status();
    }
  }

  /**
   * Several families' iterators as one, in key order. Families hold disjoint keys, so no key
   * appears twice. Moves in the direction of its last positioning: forward after {@link
   * #seekToFirst} or {@link #seek}, backward after {@link #seekToLast}.
   */
  final class Merged implements Cursor {
    private final List<RocksIterator> iterators;
    private boolean forward = true;
    private int current = -1;

    Merged(List<RocksIterator> iterators) {
      this.iterators = iterators;
    }

    @Override
    public void seekToFirst() {
      iterators.forEach(RocksIterator::seekToFirst);
      pick(true);
    }

    @Override
    public void seekToLast() {
      iterators.forEach(RocksIterator::seekToLast);
      pick(false);
    }

    @Override
    public void seek(byte[] key) {
      iterators.forEach(it -> it.seek(key));
      pick(true);
    }

    @Override
    public boolean isValid() {
      return current >= 0;
    }

    @Override
    public byte[] key() {
      return iterators.get(current).key();
    }

    @Override
    public byte[] value() {
      return iterators.get(current).value();
    }

    @Override
    public void next() {
      if (!forward) {
        throw new IllegalStateException("a merged cursor moves in one direction per seek");
      }
      iterators.get(current).next();
      pick(true);
    }

    @Override
    public void prev() {
      if (forward) {
        throw new IllegalStateException("a merged cursor moves in one direction per seek");
      }
      iterators.get(current).prev();
      pick(false);
    }

    @Override
    public void status() throws RocksDBException {
      for (RocksIterator it : iterators) {
        it.status();
      }
    }

    /** Makes the valid iterator with the lowest key (highest, backward) the current one. */
    private void pick(boolean forward) {
      this.forward = forward;
      current = -1;
      byte[] best = null;
      for (int i = 0; i < iterators.size(); i++) {
        RocksIterator it = iterators.get(i);
        if (!it.isValid()) {
          continue;
        }
        byte[] key = it.key();
        if (best == null || (Keys.compare(key, best) < 0) == forward) {
          best = key;
          current = i;
        }
      }
    }
  }
}
