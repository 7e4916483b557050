package io.alchemiser.shared.bus;

import io.alchemiser.shared.bus.WorkflowRuns.EndNotice;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message of end notices on {@link Addresses#WORKFLOW_ENDED}. Within a node the object itself
 * travels: it is immutable, so its receivers (every node's run registry, account gates, clients
 * awaiting many runs) share it, where a {@code JsonObject} was copied for each of them (a profiled
 * share of the no-op workflow's CPU). Between nodes it is the same JSON a {@code JsonObject} was,
 * {@code {"ended": [{"correlationId", "deadline", "status"}, ...]}}, read as strictly as before.
 */
public record EndNotices(List<EndNotice> ended) {
  private static final Logger LOG = LoggerFactory.getLogger(EndNotices.class);
  /** The codec's name on the wire: a node must know it to read the notices of another (every node registers it). */
  static final String CODEC = "alchemiser-workflow-ended";

  public EndNotices {
    ended = List.copyOf(ended);
  }

  /** The notices as they travel between nodes. */
  public JsonObject toJson() {
    JsonArray batch = new JsonArray();
    for (EndNotice notice : ended) {
      batch.add(WorkflowRuns.endedNotice(notice.correlationId(), notice.deadline(), notice.status()));
    }
    return new JsonObject().put("ended", batch);
  }

  /** Makes this the codec of end notices on {@code vertx} (once; harmless again). */
  public static void register(Vertx vertx) {
    synchronized (vertx) {
      try {
        vertx.eventBus().registerDefaultCodec(EndNotices.class, new Codec());
      } catch (IllegalStateException alreadyRegistered) {
        // Registered by another module of this node.
      }
    }
  }

  static final class Codec implements MessageCodec<EndNotices, EndNotices> {
    @Override
    public void encodeToWire(Buffer buffer, EndNotices notices) {
      Buffer json = notices.toJson().toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    /** What another node sent, read like any body: entries that are not notices are left out, and junk gives none. */
    @Override
    public EndNotices decodeFromWire(int pos, Buffer buffer) {
      try {
        int length = buffer.getInt(pos);
        return new EndNotices(EndNotice.readAll(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length))));
      } catch (DecodeException | IndexOutOfBoundsException | ClassCastException e) {
        LOG.warn("end notices from another node are not readable, left out: {}", e.getMessage());
        return new EndNotices(List.of());
      }
    }

    @Override
    public EndNotices transform(EndNotices notices) {
      return notices;
    }

    @Override
    public String name() {
      return CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
