// Scenario 1: session mode. TaskManagers register with their slots, a jar uploaded through the REST
// API runs (as `flink run -m` would submit it) and checkpoints, it can be cancelled, `helm test` passes.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { waitFor } from "../../scripts/lib/log.ts";
import { useScenario } from "./lib/scenario.ts";
import {
  TEST_JOB_ARGS,
  TEST_JOB_CLASS,
  verdict,
  waitCheckpointAfter,
  waitProgress,
  waitRunning,
} from "./lib/testjob.ts";

describe("session mode (values-examples/session.yaml)", () => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useScenario("session", async (s) => {
    await s.install({ valuesFiles: ["values-examples/session.yaml"], pods: 3 });
    rest = await s.rest();
  });

  it("registers every TaskManager with the configured slots", async () => {
    const s = ctx.s;
    await s.waitTaskManagers(2);
    s.timings.lap("install to TaskManagers registered", "install");
    const overview = await rest.overview();
    expect(overview.taskmanagers).toBe(2);
    expect(overview["slots-total"]).toBe(4);
    const tms = await rest.taskManagers();
    expect(tms.map((t) => t.slotsNumber)).toEqual([2, 2]);
  });

  it("runs a jar uploaded through the REST API, and it checkpoints with its state intact", async () => {
    const s = ctx.s;
    const jarId = await rest.uploadJar(s.ctx.testJobJar);
    jid = await rest.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 2 });
    await waitRunning(rest, jid);
    s.timings.lap("install to job RUNNING", "install");
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
    const s = ctx.s;
    const r = await s.helm(["test", s.release, "--logs", "--timeout", "5m"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Phase:\s+Succeeded/);
  });

  it("reports the job's verdict through the same REST metrics the other scenarios use", async () => {
    const s = ctx.s;
    // The verifier's metrics vanish with the cancelled job: a fresh submission shows them again.
    const jarId = await rest.uploadJar(s.ctx.testJobJar);
    const again = await rest.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 2 });
    await waitRunning(rest, again);
    const v = await waitProgress(rest, again, 0);
    expect(v.stateViolations).toBe(0);
    expect((await verdict(rest, again)).restored).toBe(0);
  });
});
