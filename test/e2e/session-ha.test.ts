// An HA session cluster (values-examples/session-ha.yaml, two JobManagers): a jar uploaded to and run
// through the standby JobManager's REST API runs. The standby uploads the job to the leader's
// BlobServer at the address the leader reports, which must be reachable from another pod (the chart's
// own /etc/hosts and pod-IP bind for HA JobManagers; with the kubelet's /etc/hosts it was the leader's
// unresolvable pod hostname). The savepoint CronJob, run once on demand, takes a savepoint of every
// running job of the session cluster and records each.
import { describe, expect, it } from "vitest";
import { FlinkRest } from "../../harness/flink-rest.ts";
import { waitFor } from "../../harness/log.ts";
import { forwardPod } from "../../harness/portforward.ts";
import { TEST_JOB_ARGS, TEST_JOB_CLASS, waitCheckpointAfter, waitRunning } from "../../harness/testjob.ts";
import { useRelease } from "./lib/suite.ts";

describe("HA session cluster (values-examples/session-ha.yaml)", () => {
  const jobs: string[] = [];
  const ctx = useRelease("session-ha", async (r) => {
    await r.install({ valuesFiles: ["values-examples/session-ha.yaml"], pods: 4 });
  });

  it("runs a jar submitted through the standby JobManager's REST API", async () => {
    const r = ctx.r;
    await r.waitTaskManagers(2);
    const leader = await r.leader();
    const standby = (await r.jobManagerPods()).find((p) => p.metadata?.name !== leader.metadata?.name);
    expect(standby, "a standby JobManager").toBeDefined();
    const fwd = await forwardPod(r.kc, r.namespace, standby!.metadata!.name!, 8081);
    try {
      const viaStandby = new FlinkRest(fwd.url);
      const jarId = await viaStandby.uploadJar(r.target.images.testJobJar!);
      const jid = await viaStandby.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 2 });
      const rest = await r.rest();
      await waitRunning(rest, jid);
      r.timings.lap("install to job RUNNING (submitted through the standby)", "install");
      await waitCheckpointAfter(rest, jid, 0);
      jobs.push(jid);
    } finally {
      await fwd.close();
    }
  });

  it("takes a savepoint of every running job when the savepoint CronJob runs once (kubectl create job --from)", async () => {
    const r = ctx.r;
    const rest = await r.rest();
    const jarId = await rest.uploadJar(r.target.images.testJobJar!);
    const second = await rest.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 1 });
    await waitRunning(rest, second);
    jobs.push(second);
    await r.cluster.kubectl([
      "-n",
      r.namespace,
      "create",
      "job",
      `--from=cronjob/${await r.savepointCronJobName()}`,
      "now",
    ]);
    await r.cluster.kubectl(["-n", r.namespace, "wait", "--for=condition=complete", "job/now", "--timeout=300s"]);
    const record = await r.savepointRecordName();
    const recorded = await waitFor({ what: "the savepoint record", timeoutMs: 30_000 }, async () => {
      const cm = await r.core.readNamespacedConfigMap({ name: record, namespace: r.namespace }).catch(() => undefined);
      return { done: cm?.data, status: cm ? "present" : "absent" };
    });
    const entries = Object.entries(recorded)
      .filter(([k]) => k.startsWith("savepoint-"))
      .map(([, v]) => JSON.parse(v) as { jobId: string; path: string; cause: string });
    expect(entries.map((e) => e.jobId).sort()).toEqual([...jobs].sort());
    for (const e of entries) {
      expect(e.cause).toBe("schedule");
      expect(e.path).toMatch(/^file:\/flink-data\/savepoints\/savepoint-/);
    }
    for (const jid of jobs) expect((await rest.job(jid)).state, "the jobs keep running").toBe("RUNNING");
  });
});
