package dev.flinkhelm.testjob;

/**
 * The keyed state of one key (a Flink POJO, so it is serialized by Flink's PojoSerializer and can
 * evolve). {@code payload} only adds bytes (its first 8 repeat lastSeen, checked on every read).
 */
public class KeyState {
  /** The last event applied to this key. */
  public long lastSeen;
  /** How many events were applied to this key. */
  public long count;
  /** The run (process start) that last wrote this state; tells the first access after a restore. */
  public long runId;
  /** Filler of --payload-bytes bytes, incompressible, stamped with lastSeen. */
  public byte[] payload;

  public KeyState() {}
}
