// Scenario 2: application mode (values-examples/application.yaml), installed with Helm 3 (the other
// scenarios use Helm 4). The job jar is already in the image at /opt/flink/usrlib; the JobManager
// starts it with no submission and it checkpoints.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { useScenario } from "./lib/scenario.ts";
import { TEST_JOB_ARGS, waitCheckpointAfter, waitForJob, waitProgress, waitRunning } from "./lib/testjob.ts";

describe("application mode (values-examples/application.yaml, Helm 3)", () => {
  let rest: FlinkRest;
  const ctx = useScenario("application", async (s) => {
    await s.install({
      valuesFiles: ["values-examples/application.yaml"],
      testJobImage: true,
      values: { application: { args: TEST_JOB_ARGS } },
      helm: "helm3",
      pods: 2,
    });
    rest = await s.rest();
  });

  it("starts the job from /opt/flink/usrlib with no submission, and it checkpoints with its state intact", async () => {
    const s = ctx.s;
    const jid = await waitForJob(rest);
    await waitRunning(rest, jid);
    s.timings.lap("install to job RUNNING", "install");
    const job = await rest.job(jid);
    expect(job.name).toMatch(/StatefulCounterJob|stateful/i);
    const first = await waitCheckpointAfter(rest, jid, 0);
    s.timings.lap("install to first completed checkpoint", "install");
    await waitCheckpointAfter(rest, jid, first);
    const v = await waitProgress(rest, jid, 50);
    expect(v.stateViolations).toBe(0);
    expect(v.restored).toBe(0);
    const jobs = await rest.jobs();
    expect(jobs.map((j) => j.jid)).toEqual([jid]);
  });

  it("was installed by Helm 3", async () => {
    const s = ctx.s;
    const r = await s.helm(["list", "-o", "json"], "helm3");
    const releases = JSON.parse(r.stdout) as { name: string; status: string }[];
    expect(releases).toEqual([expect.objectContaining({ name: s.release, status: "deployed" })]);
  });
});
