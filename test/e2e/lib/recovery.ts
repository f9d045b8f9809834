// What every recovery test asserts: after a fault the same job runs again, restored from (at least)
// the checkpoint that was latest before the fault, and the test job proves its state intact.
import { expect } from "vitest";
import type { FlinkRest } from "../../../harness/flink-rest.ts";
import { waitFor } from "../../../harness/log.ts";
import type { Release } from "../../../harness/release.ts";
import { TEST_JOB_KEYS, verdict, waitCheckpointAfter, waitProgress, type Verdict } from "../../../harness/testjob.ts";

export interface BeforeFault {
  jid: string;
  /** Latest completed checkpoint before the fault. */
  checkpoint: number;
  verdict: Verdict;
}

/** Notes the state a recovery must come back to; call right before injecting the fault. */
export async function beforeFault(rest: FlinkRest, jid: string): Promise<BeforeFault> {
  const first = await waitCheckpointAfter(rest, jid, 0);
  const v = await waitProgress(rest, jid, 0);
  const checkpoint = (await rest.checkpoints(jid)).latest.completed?.id ?? first;
  expect(v.stateViolations, "violations before the fault").toBe(0);
  return { jid, checkpoint, verdict: v };
}

/** Where a job that runs again must have restored from (default: the same job, from a checkpoint). */
export interface RestoreFrom {
  /** The job that runs now (a savepoint upgrade starts a new job id); default: the job before the fault. */
  jid?: string;
  /** The savepoint it must have started from; without it, a checkpoint at least as new as before. */
  savepoint?: string;
}

/**
 * Waits for the job to run again after a fault marked as timing mark "fault": RUNNING, restored from
 * a checkpoint at least as new as the latest one before the fault (or from `from.savepoint`), then a
 * new completed checkpoint, every key's state back, the verified events continuing from before, and
 * no violation. Records the two recovery timings, named after `fault`.
 */
export async function expectRecovered(
  release: Release,
  rest: FlinkRest,
  before: BeforeFault,
  fault: string,
  from: RestoreFrom = {},
): Promise<Verdict> {
  const jid = from.jid ?? before.jid;
  const restored = await waitFor(
    { what: `job ${jid} RUNNING${jid === before.jid ? " again" : ""}, restored`, timeoutMs: 600_000 },
    async () => {
      const jobs = await rest.jobs();
      const job = jobs.find((j) => j.jid === jid);
      if (!job)
        return {
          status: `job ${jid} not known (jobs: ${jobs.map((j) => `${j.jid} ${j.state}`).join(", ") || "none"})`,
        };
      const details = await rest.job(jid);
      const cp = await rest.checkpoints(jid);
      const r = cp.latest.restored;
      const running = details.state === "RUNNING" && details.vertices.every((v) => v.status === "RUNNING");
      // After a savepoint start the job may fail over once more (TaskManagers rolling with the same
      // upgrade): then its latest restore is one of its own checkpoints.
      const ok =
        running && r !== null && (from.savepoint ? true : r.id >= before.checkpoint) && r.restore_timestamp >= 0;
      return { done: ok ? r : undefined, status: `${details.state}, restored=${r ? r.id : "none"}` };
    },
  );
  release.timings.lap(`${fault}: fault to job RUNNING again`, "fault");
  if (from.savepoint) {
    const norm = (p: string | undefined) => p?.replace(/^file:\/+/, "/");
    const conf = await rest.jobConfig(jid);
    expect(norm(conf["execution.state-recovery.path"]), "the job was started from the recorded savepoint").toBe(
      norm(from.savepoint),
    );
    if (restored.is_savepoint) expect(norm(restored.external_path)).toBe(norm(from.savepoint));
  } else {
    expect(restored.is_savepoint).toBe(false);
    expect(restored.id, "restored from the latest checkpoint before the fault (or a newer one)").toBeGreaterThanOrEqual(
      before.checkpoint,
    );
  }
  await waitCheckpointAfter(rest, jid, restored.id);
  release.timings.lap(`${fault}: fault to next completed checkpoint`, "fault");
  const after = await waitFor(
    { what: "every key's state restored and new events verified", timeoutMs: 300_000 },
    async () => {
      const v = await verdict(rest, jid);
      const done = v.restoredKeys >= TEST_JOB_KEYS && v.verifiedEvents > before.verdict.verifiedEvents;
      return {
        done: done ? v : undefined,
        status: `restoredKeys=${v.restoredKeys}, verifiedEvents=${v.verifiedEvents} (before: ${before.verdict.verifiedEvents})`,
      };
    },
  );
  expect(after.stateViolations, `lost=${after.lostUpdates} duplicate=${after.duplicateUpdates}`).toBe(0);
  expect(after.restored).toBeGreaterThan(0);
  expect(after.restoredKeys).toBe(TEST_JOB_KEYS);
  return after;
}
