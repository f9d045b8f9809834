package dev.flinkhelm.testjob;

import static dev.flinkhelm.testjob.SequenceCheck.Verdict.DUPLICATE;
import static dev.flinkhelm.testjob.SequenceCheck.Verdict.FIRST;
import static dev.flinkhelm.testjob.SequenceCheck.Verdict.LOST;
import static dev.flinkhelm.testjob.SequenceCheck.Verdict.NEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SequenceCheckTest {
  private static final long K = 4;

  @Test
  void firstEventOfAKeyIsTheKeyItself() {
    assertEquals(FIRST, SequenceCheck.check(false, -1, 3, K));
    assertEquals(FIRST, SequenceCheck.check(false, -1, 0, K));
  }

  @Test
  void missingStateForALaterEventIsALostUpdate() {
    assertEquals(LOST, SequenceCheck.check(false, -1, 11, K)); // 3, 7 were applied and are gone
    assertEquals(2, SequenceCheck.missing(false, -1, 11, K));
  }

  @Test
  void nextEventIsLastSeenPlusK() {
    assertEquals(NEXT, SequenceCheck.check(true, 3, 7, K));
  }

  @Test
  void gapIsALostUpdate() {
    assertEquals(LOST, SequenceCheck.check(true, 3, 15, K)); // 7 and 11 lost
    assertEquals(2, SequenceCheck.missing(true, 3, 15, K));
  }

  @Test
  void replayedEventIsADuplicate() {
    assertEquals(DUPLICATE, SequenceCheck.check(true, 7, 7, K));
    assertEquals(DUPLICATE, SequenceCheck.check(true, 7, 3, K));
  }

  @Test
  void exactlyOnceStreamHasNoViolations() {
    long[] last = new long[(int) K];
    boolean[] seen = new boolean[(int) K];
    for (long n = 0; n < 1000; n++) {
      int key = (int) (n % K);
      SequenceCheck.Verdict v = SequenceCheck.check(seen[key], last[key], n, K);
      assertTrue(v == FIRST || v == NEXT, "event " + n + " gave " + v);
      seen[key] = true;
      last[key] = n;
      assertTrue(SequenceCheck.consistent(n, (n - key) / K + 1, K));
    }
  }

  @Test
  void countMustMatchLastSeen() {
    assertTrue(SequenceCheck.consistent(11, 3, K)); // 3, 7, 11
    assertFalse(SequenceCheck.consistent(11, 2, K));
  }

  @Test
  void payloadStampRoundTrips() {
    byte[] p = new byte[16];
    SequenceCheck.stamp(p, 0x0102030405060708L);
    assertTrue(SequenceCheck.stamped(p, 0x0102030405060708L));
    assertFalse(SequenceCheck.stamped(p, 42));
    byte[] small = new byte[3];
    SequenceCheck.stamp(small, 0x0102030405060708L);
    assertArrayEquals(new byte[] {1, 2, 3}, small);
    assertTrue(SequenceCheck.stamped(new byte[0], 99));
  }

  @Test
  void parsesArguments() {
    Map<String, String> a = StatefulCounterJob.parse(new String[] {"--keys", "10", "--incremental", "--rate", "5"});
    assertEquals("10", a.get("keys"));
    assertEquals("true", a.get("incremental"));
    assertEquals("5", a.get("rate"));
    assertThrows(IllegalArgumentException.class, () -> StatefulCounterJob.parse(new String[] {"oops"}));
  }
}
