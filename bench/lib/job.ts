// Waiting for the test job (test/job) through a JobManagerRest: running, restored, checkpointed.
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { waitFor } from "../../harness/log.ts";
import type { JobManagerRest } from "./jmrest.ts";

export interface JobStatus {
  jid: string;
  state: string;
  running: boolean;
  latestCompleted: number;
  restoredId?: number;
  restoreTimestamp?: number;
}

/** The single job of an application cluster, with its vertices' states and checkpoint ids. */
export async function jobStatus(rest: FlinkRest): Promise<JobStatus> {
  const jobs = await rest.jobs();
  const job = jobs[0];
  if (!job) throw new Error("no job yet");
  const details = await rest.job(job.jid);
  const cp = await rest.checkpoints(job.jid);
  return {
    jid: job.jid,
    state: details.state,
    running:
      details.state === "RUNNING" &&
      details.vertices.length > 0 &&
      details.vertices.every((v) => v.status === "RUNNING"),
    latestCompleted: cp.latest.completed?.id ?? 0,
    restoredId: cp.latest.restored?.id,
    restoreTimestamp: cp.latest.restored?.restore_timestamp,
  };
}

/** Polls `jrest` every `intervalMs` until `accept` takes the job status; returns that status. */
export function pollJob(
  jrest: JobManagerRest,
  what: string,
  accept: (s: JobStatus) => boolean,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<JobStatus> {
  return waitFor({ what, timeoutMs: opts.timeoutMs ?? 600_000, intervalMs: opts.intervalMs ?? 250 }, async () => {
    const s = await jrest.query(jobStatus);
    return {
      done: accept(s) ? s : undefined,
      status: `${s.state}${s.running ? " (all tasks running)" : ""}, latest checkpoint ${s.latestCompleted}, restored ${s.restoredId ?? "none"}`,
    };
  });
}

interface SubtaskTimes {
  subtasks: { subtask: number; timestamps: Record<string, number> }[];
}

/**
 * When the job's current execution attempts were all RUNNING, by Flink's own clock: the latest
 * RUNNING timestamp over every subtask of every vertex (milliseconds since the epoch). Flink's REST
 * answers are cached for up to `web.refresh-interval` (3 s), so timings use these timestamps, not
 * the moment a poll first saw RUNNING. (Pods share the host's clock.)
 */
export async function allRunningAt(rest: FlinkRest, jid: string, notBefore = 0): Promise<number> {
  const job = await rest.job(jid);
  if (job.vertices.length === 0) throw new Error(`job ${jid} has no vertices yet`);
  let latest = 0;
  for (const v of job.vertices) {
    const t = await rest.get<SubtaskTimes>(`/jobs/${jid}/vertices/${v.id}/subtasktimes`);
    if (t.subtasks.length === 0) throw new Error(`${v.name} lists no subtasks yet`);
    for (const s of t.subtasks) {
      const running = s.timestamps.RUNNING;
      if (!running || running < notBefore)
        throw new Error(`subtask ${s.subtask} of ${v.name} has no RUNNING timestamp after ${notBefore} yet`);
      latest = Math.max(latest, running);
    }
  }
  return latest;
}

/** When the first checkpoint newer than `afterId` completed (its latest acknowledgement). */
export async function checkpointCompletedAt(rest: FlinkRest, jid: string, afterId: number): Promise<number> {
  const cp = await rest.get<{ history: { id: number; status: string; latest_ack_timestamp: number }[] }>(
    `/jobs/${jid}/checkpoints`,
  );
  const done = cp.history.filter((c) => c.id > afterId && c.status === "COMPLETED").sort((a, b) => a.id - b.id);
  if (!done[0]) throw new Error(`no completed checkpoint newer than ${afterId} in the history`);
  return done[0].latest_ack_timestamp;
}

/** allRunningAt, retried until Flink's REST answer (cached up to web.refresh-interval) has it. */
export function waitAllRunningAt(
  query: (fn: (rest: FlinkRest) => Promise<number>) => Promise<number>,
  jid: string,
  notBefore: number,
): Promise<number> {
  return waitFor(
    { what: `RUNNING timestamps of job ${jid}'s subtasks`, timeoutMs: 60_000, intervalMs: 500 },
    async () => {
      const at = await query((rest) => allRunningAt(rest, jid, notBefore));
      return { done: at, status: "ok" };
    },
  );
}
