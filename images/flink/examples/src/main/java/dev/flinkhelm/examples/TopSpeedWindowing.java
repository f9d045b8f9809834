package dev.flinkhelm.examples;

import java.time.Duration;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Simulated cars (--cars, default 2) report (carId, speed km/h, distance m, timestamp) ten times a
 * simulated second; every 10 s of event time it prints each car's top speed of that window.
 * Unbounded unless --events N is given.
 */
public final class TopSpeedWindowing {
  private TopSpeedWindowing() {}

  public static void main(String[] args) throws Exception {
    int cars = Integer.parseInt(Args.arg(args, "--cars", "2"));
    long events = Long.parseLong(Args.arg(args, "--events", Long.toString(Long.MAX_VALUE)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    // Event n: car n % cars at tick n / cars (100 ms of event time per tick); speeds follow a
    // deterministic pattern between 50 and 150 km/h.
    GeneratorFunction<Long, Tuple4<Integer, Integer, Double, Long>> car = n -> {
      int id = (int) (n % cars);
      long tick = n / cars;
      int speed = 50 + (int) ((tick * (7 + id) + id * 13) % 101);
      double distance = tick * speed / 36.0; // metres after tick * 100 ms at that speed
      return Tuple4.of(id, speed, distance, tick * 100);
    };
    DataGeneratorSource<Tuple4<Integer, Integer, Double, Long>> source = new DataGeneratorSource<>(
        car, events, RateLimiterStrategy.perSecond(10.0 * cars),
        Types.TUPLE(Types.INT, Types.INT, Types.DOUBLE, Types.LONG));

    env.fromSource(source, WatermarkStrategy
            .<Tuple4<Integer, Integer, Double, Long>>forMonotonousTimestamps()
            .withTimestampAssigner((e, ts) -> e.f3), "cars")
        .keyBy(e -> e.f0, Types.INT)
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
        .maxBy(1)
        .name("top speed per 10 s")
        .print()
        .name("print");
    env.execute("CarTopSpeedWindowingExample");
  }
}
