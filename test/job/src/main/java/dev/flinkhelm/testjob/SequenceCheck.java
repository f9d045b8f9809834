package dev.flinkhelm.testjob;

/**
 * The invariant of the test job, as a pure function so it can be unit-tested without Flink.
 *
 * <p>The source emits n = 0, 1, 2, ... exactly once each (in a consistent run); event n belongs to
 * key n mod K. So the events of key k arrive in the order k, k+K, k+2K, ... and after each one the
 * key's state must remember it as {@code lastSeen}. For the next event n of that key:
 *
 * <ul>
 *   <li>no state yet: n must be k (the key's first event); a larger n means the state of the
 *       updates k .. n-K was lost;
 *   <li>n == lastSeen + K: correct;
 *   <li>n &gt; lastSeen + K: the updates in between were lost (state older than the input);
 *   <li>n &lt;= lastSeen: this update was already applied once (input replayed onto newer state).
 * </ul>
 */
public final class SequenceCheck {

  /** The outcome of checking one event against its key's state. */
  public enum Verdict {
    /** The key's first event, no state before: correct. */
    FIRST,
    /** The next event of the key: correct. */
    NEXT,
    /** Events of this key were skipped: their state updates are lost. */
    LOST,
    /** The event is not newer than the state: its update is applied twice. */
    DUPLICATE,
    /** The state contradicts itself (count or payload do not match lastSeen). */
    CORRUPT
  }

  private SequenceCheck() {}

  /**
   * @param hasState whether the key has state
   * @param lastSeen the state's last applied event (ignored without state)
   * @param n the event
   * @param keys K, the number of keys
   */
  public static Verdict check(boolean hasState, long lastSeen, long n, long keys) {
    long key = n % keys;
    if (!hasState) {
      return n == key ? Verdict.FIRST : Verdict.LOST;
    }
    long expected = lastSeen + keys;
    if (n == expected) {
      return Verdict.NEXT;
    }
    return n > expected ? Verdict.LOST : Verdict.DUPLICATE;
  }

  /** How many of the key's updates were skipped when {@code n} arrives (for LOST verdicts). */
  public static long missing(boolean hasState, long lastSeen, long n, long keys) {
    long key = n % keys;
    long from = hasState ? lastSeen + keys : key;
    return Math.max(0, (n - from) / keys);
  }

  /** Whether a state (lastSeen, count) is self-consistent: count events k, k+K, ..., lastSeen. */
  public static boolean consistent(long lastSeen, long count, long keys) {
    long key = lastSeen % keys;
    return count == (lastSeen - key) / keys + 1;
  }

  /** Writes {@code value} big-endian into the first 8 bytes of {@code payload} (if it has them). */
  public static void stamp(byte[] payload, long value) {
    for (int i = 0; i < Math.min(8, payload.length); i++) {
      payload[i] = (byte) (value >>> (56 - 8 * i));
    }
  }

  /** Whether the payload's first bytes carry {@code value} as written by {@link #stamp}. */
  public static boolean stamped(byte[] payload, long value) {
    for (int i = 0; i < Math.min(8, payload.length); i++) {
      if (payload[i] != (byte) (value >>> (56 - 8 * i))) {
        return false;
      }
    }
    return true;
  }
}
