// The stateful test job (test/job): how to run it and how to read its verdict. Its verifier counts,
// in checkpointed operator state, every state update that was lost or applied twice (see
// test/job/README.md); these helpers read those counts over the REST API.
import type { FlinkRest } from "./flink-rest.ts";
import { waitFor } from "./log.ts";
import type { InstallOptions, Release } from "./release.ts";

export const TEST_JOB_CLASS = "dev.flinkhelm.testjob.StatefulCounterJob";
export const TEST_JOB_KEYS = 64;
/** Arguments for the test job in end-to-end tests: small state, a few events per second per key. */
export const TEST_JOB_ARGS = [
  "--keys",
  String(TEST_JOB_KEYS),
  "--payload-bytes",
  "256",
  "--rate",
  "100",
  "--checkpoint-interval",
  "2000",
];

export interface Verdict {
  verifiedEvents: number;
  stateViolations: number;
  lostUpdates: number;
  duplicateUpdates: number;
  maxSequence: number;
  restoredKeys: number;
  /** Subtasks that were restored from a checkpoint. */
  restored: number;
  /** Version of the job jar that runs (1, or 2 in the -v2 test image). */
  jobVersion: number;
}

const NAMES = [
  "verifiedEvents",
  "stateViolations",
  "lostUpdates",
  "duplicateUpdates",
  "maxSequence",
  "restoredKeys",
  "restored",
  "jobVersion",
] as const;

/** The verifier vertex of a running test job (its id and parallelism). */
export async function verifierVertex(rest: FlinkRest, jid: string): Promise<{ id: string; parallelism: number }> {
  const job = await rest.job(jid);
  const v = job.vertices.find((x) => x.name.startsWith("verifier"));
  if (!v)
    throw new Error(`job ${jid} has no verifier vertex (vertices: ${job.vertices.map((x) => x.name).join(", ")})`);
  return v;
}

/** Reads the verifier's metrics, summed over subtasks (maxSequence: the maximum). */
export async function verdict(rest: FlinkRest, jid: string): Promise<Verdict> {
  const vid = (await verifierVertex(rest, jid)).id;
  const m = await rest.vertexMetrics(
    jid,
    vid,
    NAMES.map((n) => `verifier.${n}`),
  );
  const get = (n: (typeof NAMES)[number]) => {
    const metric = m.get(`verifier.${n}`);
    if (!metric) throw new Error(`metric verifier.${n} not reported yet`);
    return n === "maxSequence" || n === "jobVersion" ? (metric.max ?? NaN) : (metric.sum ?? NaN);
  };
  return Object.fromEntries(NAMES.map((n) => [n, get(n)])) as unknown as Verdict;
}

/** Waits until `jid` is RUNNING with all its tasks running (the REST job details say so). */
export async function waitRunning(rest: FlinkRest, jid: string, timeoutMs = 300_000): Promise<void> {
  await waitFor({ what: `job ${jid} RUNNING`, timeoutMs }, async () => {
    const job = await rest.job(jid);
    const running = job.state === "RUNNING" && job.vertices.every((v) => v.status === "RUNNING");
    return {
      done: running ? true : undefined,
      status: `${job.state} (${job.vertices.map((v) => v.status).join(",")})`,
    };
  });
}

/** Waits for the first job to appear (application mode submits it without us) and returns its id. */
export async function waitForJob(rest: FlinkRest, timeoutMs = 300_000): Promise<string> {
  return waitFor({ what: "a job to be submitted", timeoutMs }, async () => {
    const jobs = await rest.jobs();
    return { done: jobs[0]?.jid, status: jobs.length ? jobs.map((j) => `${j.jid} ${j.state}`).join(", ") : "no jobs" };
  });
}

/** Waits until a checkpoint with id > `afterId` completed; returns its id. */
export async function waitCheckpointAfter(
  rest: FlinkRest,
  jid: string,
  afterId: number,
  timeoutMs = 300_000,
): Promise<number> {
  return waitFor({ what: `a checkpoint of ${jid} newer than ${afterId}`, timeoutMs }, async () => {
    const c = await rest.checkpoints(jid);
    const id = c.latest.completed?.id ?? 0;
    return {
      done: id > afterId ? id : undefined,
      status: `latest completed ${id}, ${c.counts.failed} failed, ${c.counts.in_progress} in progress`,
    };
  });
}

/** Waits until the verifier has verified more than `atLeast` events; returns the verdict. */
export async function waitProgress(
  rest: FlinkRest,
  jid: string,
  atLeast: number,
  timeoutMs = 300_000,
): Promise<Verdict> {
  return waitFor({ what: `the test job to verify more than ${atLeast} events`, timeoutMs }, async () => {
    const v = await verdict(rest, jid);
    return {
      done: v.verifiedEvents > atLeast ? v : undefined,
      status: `verifiedEvents=${v.verifiedEvents}, violations=${v.stateViolations}`,
    };
  });
}

/**
 * Installs an application cluster that runs the test job (image with the jar in /opt/flink/usrlib,
 * TEST_JOB_ARGS) and waits until the job runs; records "install to job RUNNING".
 */
export async function installTestJobApplication(
  r: Release,
  o: Omit<InstallOptions, "image">,
): Promise<{ rest: FlinkRest; jid: string }> {
  await r.install({
    ...o,
    image: "testJob",
    values: { ...o.values, application: { args: TEST_JOB_ARGS, ...o.values?.application } },
  });
  const rest = await r.rest();
  const jid = await waitForJob(rest);
  await waitRunning(rest, jid);
  r.timings.lap("install to job RUNNING", "install");
  return { rest, jid };
}
