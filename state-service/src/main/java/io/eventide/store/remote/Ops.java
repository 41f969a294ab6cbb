package io.eventide.store.remote;

import com.google.protobuf.ByteString;
import io.eventide.protocol.StoreKeyRange;
import io.eventide.protocol.StoreKeyValue;
import io.eventide.protocol.StoreOp;
import io.eventide.store.StoreException;
import io.eventide.store.StoreException.Code;
import io.eventide.store.Transaction;

/**
 * The buffered writes of a transaction as {@link StoreOp}s: built by the client, replayed by the
 * server.
 */
final class Ops {
  private Ops() {}

  static StoreOp set(byte[] key, byte[] value) {
    return StoreOp.newBuilder().setSet(keyValue(key, value)).build();
  }

  static StoreOp clear(byte[] key) {
    return StoreOp.newBuilder().setClear(bytes(key)).build();
  }

  static StoreOp clearRange(byte[] begin, byte[] end) {
    return StoreOp.newBuilder().setClearRange(range(begin, end)).build();
  }

  static StoreOp add(byte[] key, long delta) {
    return StoreOp.newBuilder()
        .setAdd(StoreOp.Add.newBuilder().setKey(bytes(key)).setDelta(delta))
        .build();
  }

  static StoreOp setVersionstampedKey(byte[] prefix, int userVersion, byte[] suffix, byte[] value) {
    StoreOp.SetVersionstampedKey.Builder op =
        StoreOp.SetVersionstampedKey.newBuilder()
            .setPrefix(bytes(prefix))
            .setUserVersion(userVersion)
            .setSuffix(bytes(suffix))
            .setValue(bytes(value));
    return StoreOp.newBuilder().setSetVersionstampedKey(op).build();
  }

  static StoreOp requireValue(byte[] key, byte[] expected) {
    StoreOp.RequireValue.Builder op = StoreOp.RequireValue.newBuilder().setKey(bytes(key));
    if (expected != null) {
      op.setExpected(bytes(expected));
    }
    return StoreOp.newBuilder().setRequireValue(op).build();
  }

  static StoreOp addReadConflictRange(byte[] begin, byte[] end) {
    return StoreOp.newBuilder().setAddReadConflictRange(range(begin, end)).build();
  }

  static StoreKeyValue keyValue(byte[] key, byte[] value) {
    return StoreKeyValue.newBuilder().setKey(bytes(key)).setValue(bytes(value)).build();
  }

  static StoreKeyRange range(byte[] begin, byte[] end) {
    return StoreKeyRange.newBuilder().setBegin(bytes(begin)).setEnd(bytes(end)).build();
  }

  /** Makes the call on {@code tx} that {@code op} records. */
  static void replay(StoreOp op, Transaction tx) {
    switch (op.getOpCase()) {
      case SET -> tx.set(op.getSet().getKey().toByteArray(), op.getSet().getValue().toByteArray());
      case CLEAR -> tx.clear(op.getClear().toByteArray());
      case CLEAR_RANGE ->
          tx.clearRange(
              op.getClearRange().getBegin().toByteArray(),
              op.getClearRange().getEnd().toByteArray());
      case ADD -> tx.add(op.getAdd().getKey().toByteArray(), op.getAdd().getDelta());
      case SET_VERSIONSTAMPED_KEY -> {
        StoreOp.SetVersionstampedKey v = op.getSetVersionstampedKey();
        tx.setVersionstampedKey(
            v.getPrefix().toByteArray(),
            v.getUserVersion(),
            v.getSuffix().toByteArray(),
            v.getValue().toByteArray());
      }
      case REQUIRE_VALUE -> {
        StoreOp.RequireValue r = op.getRequireValue();
        tx.requireValue(
            r.getKey().toByteArray(), r.hasExpected() ? r.getExpected().toByteArray() : null);
      }
      case ADD_READ_CONFLICT_RANGE -> {
        StoreKeyRange r = op.getAddReadConflictRange();
        tx.addReadConflictRange(r.getBegin().toByteArray(), r.getEnd().toByteArray());
      }
      case OP_NOT_SET ->
          throw new StoreException(
              Code.INVALID, "a write operation this server does not know (newer client?)");
    }
  }

  // Copies, as the embedded backend does: the caller may reuse its arrays after the call.
  static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(b);
  }
}
