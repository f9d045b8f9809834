package dev.flinkhelm.testjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ThrottledSequenceTest {

  @Test
  void passesTheFillUnpacedThenPacesToTheRate() throws Exception {
    ThrottledSequence s = new ThrottledSequence(100, 50); // 50/s after the first 100 events
    long t0 = System.nanoTime();
    for (long n = 0; n < 100; n++) {
      assertEquals(n, s.map(n));
    }
    long fill = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(fill < 50, "the fill is not paced (took " + fill + " ms)");
    long t1 = System.nanoTime();
    for (long n = 100; n < 111; n++) {
      assertEquals(n, s.map(n));
    }
    long paced = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
    // 11 events at 50/s: the first passes at once, 10 periods of 20 ms follow.
    assertTrue(paced >= 190 && paced < 1000, "11 paced events took " + paced + " ms");
  }
}
