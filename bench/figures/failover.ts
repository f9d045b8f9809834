// failover_graceful_s / failover_crash_s (and tm_loss_ha_s): an HA application cluster
// (values-examples/application-ha.yaml: 2 JobManagers, the test job) with one set of leader-election
// timings. Per trial, from a steady state (both JobManagers ready, job RUNNING, a checkpoint newer
// than the last restore):
//   graceful: the leader JobManager pod is deleted (SIGTERM, as `kubectl delete pod`);
//   crash:    the leader's JVM is SIGKILLed from the kind node (harness/faults.ts);
//   tm:       the TaskManager pod is deleted (the job restarts under the HA restart strategy).
// Measured from the fault: new leader in the lock (JobManager faults), job RUNNING again with all
// tasks running and restored from a checkpoint at least as new as the latest before the fault, and
// the first checkpoint completed after that restore.
import { info, step, waitFor } from "../../harness/log.ts";
import { TEST_JOB_ARGS } from "../../harness/testjob.ts";
import { deletePod, sigkill } from "../../harness/faults.ts";
import type { Release } from "../../harness/release.ts";
import type { ValuesOverride } from "../../harness/values.ts";
import { secondsSince, sleep, withRelease, type BenchContext } from "../lib/context.ts";
import type { ComponentFootprint } from "../lib/footprint.ts";
import { checkpointCompletedAt, pollJob, waitAllRunningAt } from "../lib/job.ts";
import { JobManagerRest } from "../lib/jmrest.ts";
import { Samples } from "../lib/stats.ts";

export type Fault = "graceful" | "crash" | "tm";

export interface FailoverConfig {
  /** Result key: default, tuned, ... */
  name: string;
  description: string;
  valuesFiles: string[];
  values?: ValuesOverride;
}

export interface FailoverTrial {
  fault: Fault;
  trial: number;
  elected_s?: number;
  running_s: number;
  checkpoint_s: number;
  old_leader_gone_s?: number;
  leader_transitions: number;
  /** Every change of the lock holder seen (seconds after the fault, holder id prefix). */
  lock_timeline: string[];
}

export interface FailoverRun {
  config: FailoverConfig;
  samples: Samples;
  trials: FailoverTrial[];
  footprint: Record<string, ComponentFootprint>;
  install_to_running_s: number;
}

/** Both JobManagers and the TaskManager ready, job running, a checkpoint newer than the last restore. */
async function steady(r: Release, jrest: JobManagerRest): Promise<{ checkpoint: number; transitions: number }> {
  await waitFor(
    { what: "2 ready JobManagers and 1 ready TaskManager", timeoutMs: 600_000, intervalMs: 1000 },
    async () => {
      const pods = await r.flinkPods();
      const ready = pods.filter(
        (p) => !p.metadata?.deletionTimestamp && (p.status?.containerStatuses ?? []).every((c) => c.ready),
      );
      const jm = ready.filter((p) => p.metadata?.labels?.["app.kubernetes.io/component"] === "jobmanager").length;
      const tm = ready.length - jm;
      return {
        done: jm >= 2 && tm >= 1 && pods.length === 3 ? true : undefined,
        status: `${jm} JobManagers, ${tm} TaskManagers ready (${pods.length} pods)`,
      };
    },
  );
  const s = await pollJob(
    jrest,
    "the job RUNNING with a checkpoint newer than its last restore",
    (j) => j.running && j.latestCompleted > (j.restoredId ?? 0),
    {
      intervalMs: 1000,
    },
  );
  // Let the restarted JobManager's elector settle (it is a standby now) before the next fault.
  await sleep(3000);
  const lock = await r.leaderLock();
  const now = await pollJob(jrest, "the job still RUNNING", (j) => j.running, { intervalMs: 500 });
  return { checkpoint: Math.max(s.latestCompleted, now.latestCompleted), transitions: lock?.leaderTransitions ?? 0 };
}

async function trial(r: Release, jrest: JobManagerRest, fault: Fault, n: number): Promise<FailoverTrial> {
  const before = await steady(r, jrest);
  const lockBefore = await r.leaderLock();
  const leaderPod = await r.leader();
  const leader = leaderPod.metadata!.name!;
  let victim = leader;
  if (fault === "tm") victim = (await r.taskManagerPods())[0]!.metadata!.name!;
  info(
    `[${r.label}] ${fault} #${n}: ${fault === "crash" ? "SIGKILL of" : "deleting"} ${victim} (latest checkpoint ${before.checkpoint}, lock holder ${lockBefore?.holderIdentity.slice(0, 8)})`,
  );

  const t0 = Date.now();
  if (fault === "crash") await sigkill(r, leaderPod, "jobmanager");
  else await deletePod(r, victim);

  let elected: number | undefined;
  let oldGone: number | undefined;
  const timeline: string[] = [];
  let lastHolder = lockBefore?.holderIdentity;
  const watchLock = async () => {
    if (fault === "tm") return;
    await waitFor({ what: "a new leader in the lock", timeoutMs: 600_000, intervalMs: 200 }, async () => {
      const l = await r.leaderLock();
      if (l && l.holderIdentity !== lastHolder) {
        timeline.push(`${secondsSince(t0)}s ${l.holderIdentity.slice(0, 8) || '""'} (lease ${l.leaseDuration})`);
        lastHolder = l.holderIdentity;
      }
      const changed = l && l.holderIdentity !== "" && l.holderIdentity !== lockBefore?.holderIdentity;
      if (changed && elected === undefined) elected = secondsSince(t0);
      if (fault === "graceful" && oldGone === undefined) {
        const pods = await r.jobManagerPods();
        if (!pods.some((p) => p.metadata?.name === leader)) oldGone = secondsSince(t0);
      }
      return {
        done: elected !== undefined && (fault !== "graceful" || oldGone !== undefined) ? true : undefined,
        status: `holder ${l?.holderIdentity.slice(0, 8) ?? "?"}`,
      };
    });
  };
  const lockWatch = watchLock();
  const restored = await pollJob(
    jrest,
    `job RUNNING again after the ${fault} fault, restored from >= ${before.checkpoint}`,
    (j) => {
      return j.running && (j.restoredId ?? -1) >= before.checkpoint && (j.restoreTimestamp ?? 0) >= t0 - 1000;
    },
  );
  const runningAt = await waitAllRunningAt((fn) => jrest.query(fn), restored.jid, t0);
  const running = secondsSince(t0, runningAt);
  const cp = await pollJob(
    jrest,
    `a checkpoint after restore ${restored.restoredId}`,
    (j) => j.latestCompleted > (j.restoredId ?? 0) && j.running,
  );
  const checkpoint = secondsSince(
    t0,
    await jrest.query((rest) => checkpointCompletedAt(rest, cp.jid, restored.restoredId ?? 0)),
  );
  await lockWatch;
  const lockAfter = await r.leaderLock();
  const t: FailoverTrial = {
    fault,
    trial: n,
    elected_s: elected,
    running_s: running,
    checkpoint_s: checkpoint,
    old_leader_gone_s: oldGone,
    leader_transitions: (lockAfter?.leaderTransitions ?? 0) - (lockBefore?.leaderTransitions ?? 0),
    lock_timeline: timeline,
  };
  info(
    `[${r.label}] ${fault} #${n}: ${elected !== undefined ? `new leader ${elected} s, ` : ""}${oldGone !== undefined ? `old pod gone ${oldGone} s, ` : ""}RUNNING ${running} s, checkpoint ${checkpoint} s`,
  );
  return t;
}

export async function measureFailover(
  ctx: BenchContext,
  cfg: FailoverConfig,
  trials: number,
  faults: Fault[],
): Promise<FailoverRun> {
  const samples = new Samples();
  const details: FailoverTrial[] = [];
  return withRelease(ctx, `failover-${cfg.name}`, async (r, footprint) => {
    const jrest = new JobManagerRest(r);
    try {
      const t0 = Date.now();
      await step(`[${cfg.name}] helm install (${cfg.description})`, () =>
        r.install({
          valuesFiles: cfg.valuesFiles,
          values: { ...cfg.values, application: { args: TEST_JOB_ARGS } },
          image: "testJob",
        }),
      );
      const first = await pollJob(jrest, "the job RUNNING", (j) => j.running, { intervalMs: 500 });
      const installToRunning = secondsSince(t0, await waitAllRunningAt((fn) => jrest.query(fn), first.jid, t0));
      for (const fault of faults) {
        for (let i = 1; i <= trials; i++) {
          const t = await trial(r, jrest, fault, i);
          details.push(t);
          if (t.elected_s !== undefined) samples.add(`${fault}.elected`, t.elected_s);
          samples.add(`${fault}.running`, t.running_s);
          samples.add(`${fault}.checkpoint`, t.checkpoint_s);
        }
      }
      return {
        config: cfg,
        samples,
        trials: details,
        footprint: footprint.result(),
        install_to_running_s: installToRunning,
      };
    } finally {
      await jrest.close();
    }
  });
}
