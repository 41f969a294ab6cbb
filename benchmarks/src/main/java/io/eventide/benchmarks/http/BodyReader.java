package io.eventide.benchmarks.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a whole response body from an Undertow client response channel without blocking the I/O
 * thread, then hands it on.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to the connection's I/O thread; the scratch buffer belongs to one connection, which runs
 * one exchange at a time.
 */
final class BodyReader implements ChannelListener<StreamSourceChannel> {

  private final ByteBuffer scratch;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(256);
  private final Consumer<byte[]> onBody;
  private final Consumer<IOException> onError;

  private BodyReader(ByteBuffer scratch, Consumer<byte[]> onBody, Consumer<IOException> onError) {
    this.scratch = scratch;
    this.onBody = onBody;
    this.onError = onError;
  }

  static void read(
      StreamSourceChannel channel,
      ByteBuffer scratch,
      Consumer<byte[]> onBody,
      Consumer<IOException> onError) {
    new BodyReader(scratch, onBody, onError).handleEvent(channel);
  }

  @Override
  public void handleEvent(StreamSourceChannel channel) {
    try {
      while (true) {
        scratch.clear();
        int read = channel.read(scratch);
        if (read > 0) {
          body.write(scratch.array(), 0, read);
        } else if (read == 0) {
          channel.getReadSetter().set(this);
          channel.resumeReads();
          return;
        } else {
          // End of this response only: closing the response channel leaves the connection open.
          channel.getReadSetter().set(null);
          IoUtils.safeClose(channel);
          onBody.accept(body.toByteArray());
          return;
        }
      }
    } catch (IOException e) {
      IoUtils.safeClose(channel);
      onError.accept(e);
    }
  }
}
