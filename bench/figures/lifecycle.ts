// savepoint_s and upgrade_downtime_s: an HA application cluster (values-examples/application-ha.yaml:
// 2 JobManagers, one TaskManager) running the test job with the tm_recovery state (1.25 GiB of RocksDB
// keyed state). In the same release, per trial:
//   savepoint_s:          a savepoint triggered over REST -> completed (Flink's own end-to-end duration);
//   graceful_failover:    the leader JobManager pod deleted, the baseline of the targets;
//   last_state/savepoint/stateless: a `helm upgrade` that changes a job argument, in that upgrade mode.
// Downtime is what the job's output sees: the last event the old job processed to the first event the
// new one processed, both from the verifier's own log lines on the TaskManager (wall clock of one
// machine; the TaskManager stays, only the JobManagers change). Stateless trials come last: they
// start from empty state, which is refilled before the next one.
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { deletePod } from "../../harness/faults.ts";
import { info, step, waitFor } from "../../harness/log.ts";
import type { Release } from "../../harness/release.ts";
import { verdict } from "../../harness/testjob.ts";
import type { ValuesOverride } from "../../harness/values.ts";
import { secondsSince, withRelease, type BenchContext } from "../lib/context.ts";
import type { ComponentFootprint } from "../lib/footprint.ts";
import { jobStatus } from "../lib/job.ts";
import { Samples } from "../lib/stats.ts";
import { STATE } from "./tm-recovery.ts";

export type UpgradeKind = "graceful_failover" | "last_state" | "savepoint" | "stateless";
const MODE: Record<Exclude<UpgradeKind, "graceful_failover">, "last-state" | "savepoint" | "stateless"> = {
  last_state: "last-state",
  savepoint: "savepoint",
  stateless: "stateless",
};

export interface LifecycleTrial {
  kind: UpgradeKind | "savepoint_only";
  trial: number;
  /** Processing stopped -> resumed (verifier log lines), seconds. */
  downtime_s?: number;
  /** The helm command (or pod deletion) until the job runs again, seconds. */
  command_to_running_s?: number;
  savepoint_s?: number;
  savepoint_bytes?: number;
}

export interface LifecycleRun {
  samples: Samples;
  trials: LifecycleTrial[];
  footprint: Record<string, ComponentFootprint>;
  state_gib: number;
}

/** The test job's arguments: the tm_recovery state, and a rate that each upgrade changes (10 or 11 /s). */
const jobArgs = (rate: number): string[] => [
  "--keys",
  String(STATE.keys),
  "--payload-bytes",
  String(STATE.payloadBytes),
  "--fill-rate",
  "2000",
  "--rate",
  String(rate),
  "--checkpoint-interval",
  "5000",
];

const BASE: ValuesOverride = {
  storage: { pvc: { enabled: true, size: "32Gi" } },
  flinkConfiguration: {
    // The same 1 s restart delay for every trial.
    "restart-strategy.type": "fixed-delay",
    "restart-strategy.fixed-delay.attempts": 1000,
    "restart-strategy.fixed-delay.delay": "1 s",
  },
};

const EVENT = /verifier \d+\/\d+: (first|last) event \d+ at (\d+)/g;

/** Processing downtime after `t0` from the TaskManager's verifier lines: last old event -> first new one. */
async function downtime(r: Release, t0: number): Promise<number> {
  const tm = (await r.taskManagerPods()).find((p) => !p.metadata?.deletionTimestamp)!.metadata!.name!;
  return waitFor({ what: "the verifier's first event after the change", timeoutMs: 300_000 }, async () => {
    const events = [...(await r.podLog(tm, "taskmanager", 900)).matchAll(EVENT)].map((m) => ({
      kind: m[1]!,
      at: Number(m[2]),
    }));
    const firstNew = Math.min(...events.filter((e) => e.kind === "first" && e.at > t0).map((e) => e.at));
    if (!Number.isFinite(firstNew)) return { status: "no first event after the change yet" };
    const lastOld = Math.max(
      ...events.filter((e) => e.kind === "last" && e.at < firstNew && e.at > t0 - 120_000).map((e) => e.at),
    );
    if (!Number.isFinite(lastOld)) return { status: "no last event of the old job in the log" };
    return { done: (firstNew - lastOld) / 1000, status: "" };
  });
}

/** The state filled (every key written) and a checkpoint completed since, after the last restore. */
async function steady(rest: FlinkRest): Promise<string> {
  return waitFor(
    { what: "the keyed state filled and checkpointed", timeoutMs: 900_000, intervalMs: 2000 },
    async () => {
      const s = await jobStatus(rest);
      if (!s.running) return { status: s.state };
      const v = await verdict(rest, s.jid);
      const filled = v.maxSequence >= STATE.keys - 1;
      const checkpointed = s.latestCompleted >= (s.restoredId ?? 0) + 2;
      if (v.stateViolations !== 0) throw new Error(`state violations in job ${s.jid}: ${JSON.stringify(v)}`);
      return {
        done: filled && checkpointed ? s.jid : undefined,
        status: `${v.maxSequence + 1}/${STATE.keys} keys, checkpoint ${s.latestCompleted}`,
      };
    },
  );
}

/** The job (any id) running with all its tasks, after `t0`. */
async function runningAfter(rest: FlinkRest, t0: number, notJid?: string): Promise<string> {
  return waitFor({ what: "the job RUNNING again", timeoutMs: 900_000, intervalMs: 500 }, async () => {
    const s = await jobStatus(rest);
    const fresh = notJid ? s.jid !== notJid : (s.restoreTimestamp ?? 0) >= t0;
    return { done: s.running && fresh ? s.jid : undefined, status: `${s.jid} ${s.state}` };
  });
}

/** A savepoint over REST; Flink's own duration and size of it, and its path (disposed of afterwards). */
async function savepoint(rest: FlinkRest, jid: string): Promise<{ seconds: number; bytes: number }> {
  const { "request-id": trigger } = await rest.post<{ "request-id": string }>(`/jobs/${jid}/savepoints`, {
    "cancel-job": false,
    formatType: "CANONICAL",
  });
  const location = await waitFor({ what: "the savepoint", timeoutMs: 900_000, intervalMs: 500 }, async () => {
    const s = await rest.get<{ status: { id: string }; operation?: { location?: string; "failure-cause"?: unknown } }>(
      `/jobs/${jid}/savepoints/${trigger}`,
    );
    if (s.status.id !== "COMPLETED") return { status: s.status.id };
    if (!s.operation?.location) throw new Error(`savepoint failed: ${JSON.stringify(s.operation).slice(0, 400)}`);
    return { done: s.operation.location, status: "" };
  });
  const history = await rest.get<{
    history: { is_savepoint: boolean; external_path?: string; end_to_end_duration: number; state_size: number }[];
  }>(`/jobs/${jid}/checkpoints`);
  const entry = history.history.find((h) => h.is_savepoint && h.external_path === location);
  await rest.post("/savepoint-disposal", { "savepoint-path": location });
  return { seconds: (entry?.end_to_end_duration ?? NaN) / 1000, bytes: entry?.state_size ?? NaN };
}

export async function measureLifecycle(ctx: BenchContext, trials: number): Promise<LifecycleRun> {
  const samples = new Samples();
  const details: LifecycleTrial[] = [];
  return withRelease(ctx, "lifecycle", async (r, footprint) => {
    let rate = 10;
    let values: ValuesOverride = { ...BASE, application: { args: jobArgs(rate) } };
    await step("[lifecycle] helm install (HA application cluster, 1.25 GiB of RocksDB state)", () =>
      r.install({ valuesFiles: ["values-examples/application-ha.yaml"], image: "testJob", values, pods: 3 }),
    );
    const rest = await r.rest(5_000);
    let jid = await steady(rest);

    for (let n = 1; n <= trials; n++) {
      const sp = await savepoint(rest, jid);
      samples.add("savepoint", sp.seconds);
      details.push({ kind: "savepoint_only", trial: n, savepoint_s: sp.seconds, savepoint_bytes: sp.bytes });
      info(`[lifecycle] savepoint #${n}: ${sp.seconds} s (${(sp.bytes / 2 ** 30).toFixed(2)} GiB)`);
    }

    const kinds: UpgradeKind[] = ["graceful_failover", "last_state", "savepoint", "stateless"];
    for (const kind of kinds) {
      for (let n = 1; n <= trials; n++) {
        jid = await steady(rest);
        const t0 = Date.now();
        if (kind === "graceful_failover") {
          await deletePod(r, (await r.leader()).metadata!.name!);
        } else {
          rate = rate === 10 ? 11 : 10;
          values = { ...BASE, application: { args: jobArgs(rate) }, lifecycle: { upgradeMode: MODE[kind] } };
          await r.upgrade(values, 3);
        }
        const changesId = kind === "savepoint" || kind === "stateless";
        jid = await runningAfter(rest, t0, changesId ? jid : undefined);
        const running = secondsSince(t0);
        const d = await downtime(r, t0);
        samples.add(kind, d);
        details.push({ kind, trial: n, downtime_s: d, command_to_running_s: running });
        info(`[lifecycle] ${kind} #${n}: processing stopped for ${d} s; command to RUNNING ${running} s`);
        await r.waitReady(3);
      }
    }
    return {
      samples,
      trials: details,
      footprint: footprint.result(),
      state_gib: Number(((STATE.keys * STATE.payloadBytes) / 2 ** 30).toFixed(2)),
    };
  });
}
