// Application mode (values-examples/application.yaml), installed with Helm 3 (the other e2e tests use
// Helm 4): the job jar is already in the image at /opt/flink/usrlib, the JobManager starts it with no
// submission, and it checkpoints with its state intact.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { TEST_JOB_ARGS, waitCheckpointAfter, waitForJob, waitProgress, waitRunning } from "../../harness/testjob.ts";
import { useRelease } from "./lib/suite.ts";

describe("application mode (values-examples/application.yaml, Helm 3)", () => {
  let rest: FlinkRest;
  const ctx = useRelease("application", async (r) => {
    await r.install({
      valuesFiles: ["values-examples/application.yaml"],
      image: "testJob",
      values: { application: { args: TEST_JOB_ARGS } },
      helm: 3,
      pods: 2,
    });
    rest = await r.rest();
  });

  it("starts the job from /opt/flink/usrlib with no submission, and it checkpoints with its state intact", async () => {
    const r = ctx.r;
    const jid = await waitForJob(rest);
    await waitRunning(rest, jid);
    r.timings.lap("install to job RUNNING", "install");
    const job = await rest.job(jid);
    expect(job.name).toMatch(/StatefulCounterJob|stateful/i);
    const first = await waitCheckpointAfter(rest, jid, 0);
    r.timings.lap("install to first completed checkpoint", "install");
    await waitCheckpointAfter(rest, jid, first);
    const v = await waitProgress(rest, jid, 50);
    expect(v.stateViolations).toBe(0);
    expect(v.restored).toBe(0);
    const jobs = await rest.jobs();
    expect(jobs.map((j) => j.jid)).toEqual([jid]);
  });

  it("was installed by Helm 3", async () => {
    const r = ctx.r;
    const list = await r.helm(["list", "-o", "json"], 3);
    const releases = JSON.parse(list.stdout) as { name: string; status: string }[];
    expect(releases).toEqual([expect.objectContaining({ name: r.name, status: "deployed" })]);
  });
});
