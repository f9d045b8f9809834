package dev.flinkhelm.testjob;

import java.util.concurrent.TimeUnit;

import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The sequence n -> n for {@code --fill-rate}: events below {@code fillEvents} (the first event of
 * every key) pass as fast as the source's rate limiter allows (the fill rate); later events are
 * paced to {@code rate} per second here, by sleeping at most one event period. The source's position
 * is checkpointed, so after a restore the events replayed are all past the fill and stay paced.
 */
final class ThrottledSequence implements GeneratorFunction<Long, Long> {
  private static final long serialVersionUID = 1L;

  private final long fillEvents;
  private final long periodNanos;
  private transient long nextNanos;

  ThrottledSequence(long fillEvents, double rate) {
    this.fillEvents = fillEvents;
    this.periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
  }

  @Override
  public Long map(Long n) throws Exception {
    if (n >= fillEvents) {
      long now = System.nanoTime();
      if (nextNanos == 0 || nextNanos < now - periodNanos) {
        nextNanos = now; // first paced event, or after a pause: no burst to catch up
      } else if (nextNanos > now) {
        TimeUnit.NANOSECONDS.sleep(nextNanos - now);
      }
      nextNanos += periodNanos;
    }
    return n;
  }
}
