package dev.flinkhelm.testjob;

import java.util.Collections;
import java.util.SplittableRandom;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies every event n to the state of key n mod K and checks {@link SequenceCheck}'s invariant.
 * Its totals (verified events, violations, highest event) are operator state, checkpointed together
 * with the keyed state they judge, so after a restore they continue from the same consistent cut.
 * Emits one line per violation (and logs it).
 */
public class SequenceVerifier extends KeyedProcessFunction<Long, Long, String>
    implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SequenceVerifier.class);

  /** Metric names (operator scope; over REST "verifier.<name>"). */
  public static final String VERIFIED_EVENTS = "verifiedEvents";
  public static final String STATE_VIOLATIONS = "stateViolations";
  public static final String LOST_UPDATES = "lostUpdates";
  public static final String DUPLICATE_UPDATES = "duplicateUpdates";
  public static final String CORRUPT_STATES = "corruptStates";
  public static final String MAX_SEQUENCE = "maxSequence";
  public static final String RESTORED_KEYS = "restoredKeys";
  public static final String RESTORED = "restored";
  public static final String JOB_VERSION = "jobVersion";

  private final long keys;
  private final int payloadBytes;
  private final long jobVersion;

  private transient ValueState<KeyState> keyState;
  private transient ListState<long[]> totalsState;

  // Checkpointed totals of this subtask (summed over subtasks they are the job's totals).
  private long verifiedEvents;
  private long lostUpdates;
  private long duplicateUpdates;
  private long corruptStates;
  private long maxSequence = -1;
  // Since this process started: not checkpointed.
  private long restoredKeys;
  private boolean restored;
  private transient long runId;
  // Wall-clock times of the first and the latest event this subtask processed since it started
  // (logged, for measuring how long processing stopped across an upgrade or a failover).
  private transient long firstEventMs;
  private transient long lastEventMs;
  private transient long lastEvent;

  public SequenceVerifier(long keys, int payloadBytes, long jobVersion) {
    this.keys = keys;
    this.payloadBytes = payloadBytes;
    this.jobVersion = jobVersion;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    totalsState = context.getOperatorStateStore()
        .getListState(new ListStateDescriptor<>("verifier-totals", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    restored = context.isRestored();
    for (long[] t : totalsState.get()) {
      verifiedEvents += t[0];
      lostUpdates += t[1];
      duplicateUpdates += t[2];
      corruptStates += t[3];
      maxSequence = Math.max(maxSequence, t[4]);
    }
    if (restored) {
      LOG.info("Restored verifier totals: verifiedEvents={} stateViolations={} maxSequence={}",
          verifiedEvents, violations(), maxSequence);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    totalsState.update(Collections.singletonList(
        new long[] {verifiedEvents, lostUpdates, duplicateUpdates, corruptStates, maxSequence}));
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    keyState = getRuntimeContext().getState(new ValueStateDescriptor<>("key-state", KeyState.class));
    runId = new SplittableRandom().nextLong() | 1L; // never 0, the default of a fresh KeyState
    MetricGroup m = getRuntimeContext().getMetricGroup();
    m.gauge(VERIFIED_EVENTS, (Gauge<Long>) () -> verifiedEvents);
    m.gauge(STATE_VIOLATIONS, (Gauge<Long>) this::violations);
    m.gauge(LOST_UPDATES, (Gauge<Long>) () -> lostUpdates);
    m.gauge(DUPLICATE_UPDATES, (Gauge<Long>) () -> duplicateUpdates);
    m.gauge(CORRUPT_STATES, (Gauge<Long>) () -> corruptStates);
    m.gauge(MAX_SEQUENCE, (Gauge<Long>) () -> maxSequence);
    m.gauge(RESTORED_KEYS, (Gauge<Long>) () -> restoredKeys);
    m.gauge(RESTORED, (Gauge<Long>) () -> restored ? 1L : 0L);
    m.gauge(JOB_VERSION, (Gauge<Long>) () -> jobVersion);
  }

  /**
   * Logs the wall-clock time of the last event this subtask processed. Flink calls it when the task
   * finishes, is cancelled or fails over, so the log holds where processing stopped and where it
   * resumed ("first event" below).
   */
  @Override
  public void close() throws Exception {
    if (firstEventMs > 0) {
      LOG.info("verifier {}: last event {} at {} (job version {})", subtask(), lastEvent, lastEventMs, jobVersion);
    }
    super.close();
  }

  private String subtask() {
    return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() + "/"
        + getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
  }

  private long violations() {
    return lostUpdates + duplicateUpdates + corruptStates;
  }

  @Override
  public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
    long n = value;
    long key = ctx.getCurrentKey();
    lastEventMs = System.currentTimeMillis();
    lastEvent = n;
    if (firstEventMs == 0) {
      firstEventMs = lastEventMs;
      LOG.info("verifier {}: first event {} at {} (restored={}, job version {})", subtask(), n, firstEventMs, restored, jobVersion);
    }
    KeyState s = keyState.value();
    boolean hasState = s != null;
    maxSequence = Math.max(maxSequence, n);

    if (hasState && s.runId != runId) {
      // First access to this key since the process started; its state came from a checkpoint.
      if (restored) {
        restoredKeys++;
      }
      s.runId = runId;
    }
    if (hasState && (!SequenceCheck.consistent(s.lastSeen, s.count, keys)
        || s.payload == null || s.payload.length != payloadBytes
        || !SequenceCheck.stamped(s.payload, s.lastSeen))) {
      corruptStates++;
      report(out, "CORRUPT", key, n, s);
    }

    SequenceCheck.Verdict verdict = SequenceCheck.check(hasState, hasState ? s.lastSeen : -1, n, keys);
    switch (verdict) {
      case FIRST:
      case NEXT:
        verifiedEvents++;
        break;
      case LOST:
        lostUpdates += SequenceCheck.missing(hasState, hasState ? s.lastSeen : -1, n, keys);
        report(out, "LOST", key, n, s);
        break;
      case DUPLICATE:
      default:
        duplicateUpdates++;
        report(out, "DUPLICATE", key, n, s);
        keyState.update(s); // keep lastSeen; only the run id changed
        return;
    }

    // Apply the update (after a LOST verdict too, so one gap is reported once).
    if (!hasState) {
      s = new KeyState();
      s.runId = runId;
      s.payload = new byte[payloadBytes];
      new SplittableRandom(key).nextBytes(s.payload);
    }
    s.lastSeen = n;
    s.count = (n - key) / keys + 1;
    SequenceCheck.stamp(s.payload, n);
    keyState.update(s);
  }

  private void report(Collector<String> out, String kind, long key, long n, KeyState s) {
    String line = String.format(
        "STATE VIOLATION %s: key=%d event=%d lastSeen=%s count=%s (verifiedEvents=%d lostUpdates=%d duplicateUpdates=%d corruptStates=%d)",
        kind, key, n, s == null ? "none" : Long.toString(s.lastSeen), s == null ? "none" : Long.toString(s.count),
        verifiedEvents, lostUpdates, duplicateUpdates, corruptStates);
    LOG.error(line);
    out.collect(line);
  }
}
