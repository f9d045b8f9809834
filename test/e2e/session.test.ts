// Session mode (values-examples/session.yaml): TaskManagers register with their slots, a jar uploaded
// through the REST API runs (as `flink run -m` would submit it) and checkpoints, it can be cancelled,
// and `helm test` passes.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { waitFor } from "../../harness/log.ts";
import { useRelease } from "./lib/suite.ts";
import {
  TEST_JOB_ARGS,
  TEST_JOB_CLASS,
  verdict,
  waitCheckpointAfter,
  waitProgress,
  waitRunning,
} from "../../harness/testjob.ts";

describe("session mode (values-examples/session.yaml)", () => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useRelease("session", async (r) => {
    await r.install({ valuesFiles: ["values-examples/session.yaml"], pods: 3 });
    rest = await r.rest();
  });

  it("registers every TaskManager with the configured slots", async () => {
    const r = ctx.r;
    await r.waitTaskManagers(2);
    r.timings.lap("install to TaskManagers registered", "install");
    const overview = await rest.overview();
    expect(overview.taskmanagers).toBe(2);
    expect(overview["slots-total"]).toBe(4);
    const tms = await rest.taskManagers();
    expect(tms.map((t) => t.slotsNumber)).toEqual([2, 2]);
  });

  it("runs a jar uploaded through the REST API, and it checkpoints with its state intact", async () => {
    const r = ctx.r;
    const jarId = await rest.uploadJar(r.target.images.testJobJar!);
    jid = await rest.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 2 });
    await waitRunning(rest, jid);
    r.timings.lap("install to job RUNNING", "install");
    const first = await waitCheckpointAfter(rest, jid, 0);
    await waitCheckpointAfter(rest, jid, first);
    const v = await waitProgress(rest, jid, 100);
    expect(v.stateViolations).toBe(0);
    expect(v.verifiedEvents).toBeGreaterThan(100);
  });

  it("cancels the job", async () => {
    expect(jid).not.toBe("");
    await rest.cancel(jid);
    await waitFor({ what: `job ${jid} CANCELED`, timeoutMs: 120_000 }, async () => {
      const state = (await rest.job(jid)).state;
      return { done: state === "CANCELED" ? true : undefined, status: state };
    });
    expect((await rest.overview())["slots-available"]).toBe(4);
  });

  it("passes helm test (the test pod finds the expected TaskManagers and slots)", async () => {
    const r = ctx.r;
    const test = await r.helm(["test", r.name, "--logs", "--timeout", "5m"]);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/Phase:\s+Succeeded/);
  });

  it("reports the job's verdict through the same REST metrics the other e2e tests use", async () => {
    const r = ctx.r;
    // The verifier's metrics vanish with the cancelled job: a fresh submission shows them again.
    const jarId = await rest.uploadJar(r.target.images.testJobJar!);
    const again = await rest.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 2 });
    await waitRunning(rest, again);
    const v = await waitProgress(rest, again, 0);
    expect(v.stateViolations).toBe(0);
    expect((await verdict(rest, again)).restored).toBe(0);
  });
});
