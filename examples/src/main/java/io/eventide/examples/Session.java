package io.eventide.examples;

import io.eventide.sdk.Context;
import io.eventide.sdk.MapSpec;
import io.eventide.sdk.MapState;
import io.eventide.sdk.Message;
import io.eventide.sdk.StatefulFunction;
import io.eventide.sdk.TypeName;
import io.eventide.sdk.Types;
import io.eventide.sdk.ValueSpec;
import java.time.Duration;

/**
 * {@code example/session}: state TTL. Each message is a page a user viewed. The session's view
 * count expires after 30 minutes without a view ({@code expireAfterAccess}), and each page is
 * remembered for an hour after its last view ({@code expireAfterWrite}, per map entry). Replies
 * {@code views <n>, pages <m>} for the live session.
 *
 * <pre>
 * curl -X POST localhost:7070/v1/call/example/session/u1 -H 'Content-Type: text/plain' -d /home
 * # views 1, pages 1; half an hour of silence later the session starts again at views 1
 * </pre>
 */
public final class Session implements StatefulFunction {
  /** The function type. */
  public static final TypeName TYPE = TypeName.of("example", "session");

  /** Views in the live session: gone after 30 minutes without one. */
  public static final ValueSpec<Long> VIEWS =
      ValueSpec.named("views").withType(Types.LONG).expireAfterAccess(Duration.ofMinutes(30));

  /** When each page was last viewed: each entry gone an hour after. */
  public static final MapSpec<String, Long> PAGES =
      MapSpec.named("pages")
          .withTypes(Types.STRING, Types.LONG)
          .expireAfterWrite(Duration.ofHours(1));

  @Override
  public void apply(Context context, Message message) {
    long views = context.storage().get(VIEWS).orElse(0L) + 1;
    context.storage().set(VIEWS, views);
    MapState<String, Long> pages = context.storage().map(PAGES);
    pages.put(message.as(Types.STRING), context.currentProcessingTime());
    int count = 0;
    for (String ignored : pages.keys()) {
      count++;
    }
    context.reply(Types.STRING, "views " + views + ", pages " + count);
  }
}
