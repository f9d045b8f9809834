package dev.flinkhelm.testjob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * flink-helm's stateful test job: a checkpointed, replayable, rate-limited sequence 0, 1, 2, ...
 * keyed by n mod K into keyed state that must see every event of its key exactly once. See
 * README.md for the invariant, the arguments and the metrics.
 */
public final class StatefulCounterJob {

  /** Operator uids: stable, so savepoints and upgrades restore the state. */
  public static final String SOURCE_UID = "sequence-source";
  public static final String VERIFIER_UID = "verifier";
  public static final String SINK_UID = "violations-sink";

  /** Classpath resource holding the jar's version (see scripts/build/test-job.sh). */
  public static final String VERSION_RESOURCE = "/flink-helm-test-job.properties";

  private StatefulCounterJob() {}

  /** The version of this jar: {@code version} in {@link #VERSION_RESOURCE}. */
  static long jarVersion() {
    try (InputStream in = StatefulCounterJob.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(VERSION_RESOURCE + " is missing from the jar");
      }
      Properties p = new Properties();
      p.load(in);
      return Long.parseLong(p.getProperty("version", "").trim());
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the version from " + VERSION_RESOURCE, e);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    long keys = Long.parseLong(a.getOrDefault("keys", "128"));
    int payloadBytes = Integer.parseInt(a.getOrDefault("payload-bytes", "64"));
    double rate = Double.parseDouble(a.getOrDefault("rate", "200"));
    double fillRate = Double.parseDouble(a.getOrDefault("fill-rate", "0"));
    long interval = Long.parseLong(a.getOrDefault("checkpoint-interval", "2000"));
    String backend = a.getOrDefault("state-backend", "rocksdb");
    boolean incremental = Boolean.parseBoolean(a.getOrDefault("incremental", "true"));
    long events = Long.parseLong(a.getOrDefault("events", Long.toString(Long.MAX_VALUE)));
    int parallelism = Integer.parseInt(a.getOrDefault("parallelism", "-1"));
    long version = jarVersion();
    if (keys < 1 || payloadBytes < 0 || rate <= 0 || fillRate < 0 || interval < 10 || events < 1) {
      throw new IllegalArgumentException("need --keys >= 1, --payload-bytes >= 0, --rate > 0, --fill-rate >= 0, --checkpoint-interval >= 10, --events >= 1");
    }
    if (!backend.equals("rocksdb") && !backend.equals("hashmap")) {
      throw new IllegalArgumentException("--state-backend must be rocksdb or hashmap, not " + backend);
    }

    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, backend);
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, incremental);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(interval));
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    if (a.containsKey("checkpoint-dir")) {
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, a.get("checkpoint-dir"));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    if (parallelism > 0) {
      env.setParallelism(parallelism);
    }

    // One source subtask, so the events of every key arrive in order. Its position is part of each
    // checkpoint: after a restore it replays exactly the events after the restored checkpoint.
    // With --fill-rate, the first event of every key (n < K) comes at the fill rate, the rest at --rate.
    DataGeneratorSource<Long> source = fillRate > 0
        ? new DataGeneratorSource<>(new ThrottledSequence(keys, rate), events, RateLimiterStrategy.perSecond(fillRate), Types.LONG)
        : new DataGeneratorSource<>((GeneratorFunction<Long, Long>) n -> n, events, RateLimiterStrategy.perSecond(rate), Types.LONG);

    SingleOutputStreamOperator<String> violations = env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "sequence")
        .uid(SOURCE_UID)
        .setParallelism(1)
        .keyBy(n -> n % keys, Types.LONG)
        .process(new SequenceVerifier(keys, payloadBytes, version))
        .uid(VERIFIER_UID)
        .name("verifier");
    violations.sinkTo(new DiscardingSink<>()).uid(SINK_UID).name("violations");

    env.execute(String.format("flink-helm stateful counter v%d (keys=%d, payload=%dB, rate=%s/s, %s%s)",
        version, keys, payloadBytes, a.getOrDefault("rate", "200"), backend,
        backend.equals("rocksdb") && incremental ? " incremental" : ""));
  }

  /** --name value pairs; --flag alone means true. */
  static Map<String, String> parse(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        m.put(name, args[++i]);
      } else {
        m.put(name, "true");
      }
    }
    return m;
  }
}
