package io.eventide.benchmarks.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.channels.StreamSinkChannel;

/**
 * Writes a request body to an Undertow client request channel without blocking the I/O thread:
 * whatever the socket does not take now is written when the channel becomes writable again.
 *
 * <h2>Thread safety</h2>
 *
 * Confined to the connection's I/O thread, as XNIO channel listeners are.
 */
final class BodyWriter implements ChannelListener<StreamSinkChannel> {

  private final ByteBuffer buffer;
  private final Consumer<IOException> onError;

  private BodyWriter(ByteBuffer buffer, Consumer<IOException> onError) {
    this.buffer = buffer;
    this.onError = onError;
  }

  static void write(StreamSinkChannel channel, byte[] body, Consumer<IOException> onError) {
    new BodyWriter(ByteBuffer.wrap(body), onError).handleEvent(channel);
  }

  @Override
  public void handleEvent(StreamSinkChannel channel) {
    try {
      int written;
      do {
        written = channel.write(buffer);
      } while (buffer.hasRemaining() && written > 0);
      if (buffer.hasRemaining()) {
        channel.getWriteSetter().set(this);
        channel.resumeWrites();
        return;
      }
      channel.suspendWrites();
      finish(channel);
    } catch (IOException e) {
      onError.accept(e);
    }
  }

  private void finish(StreamSinkChannel channel) throws IOException {
    channel.shutdownWrites();
    if (!channel.flush()) {
      channel
          .getWriteSetter()
          .set(ChannelListeners.flushingChannelListener(null, (ch, e) -> onError.accept(e)));
      channel.resumeWrites();
    }
  }
}
