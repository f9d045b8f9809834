// Scenario: an HA session cluster (values-examples/session-ha.yaml, two JobManagers). A jar uploaded to
// and run through the standby JobManager's REST API runs: the standby uploads the job to the leader's
// BlobServer at the address the leader reports, which must be reachable from another pod (the chart's
// own /etc/hosts and pod-IP bind for HA JobManagers; with the kubelet's /etc/hosts it was the leader's
// unresolvable pod hostname). The savepoint CronJob, run once on demand, takes a savepoint of every
// running job of the session cluster and records each.
import { describe, expect, it } from "vitest";
import { waitFor } from "../../scripts/lib/log.ts";
import { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { forwardPod } from "../../scripts/lib/portforward.ts";
import { leaderJobManager } from "./lib/faults.ts";
import { useScenario } from "./lib/scenario.ts";
import { TEST_JOB_ARGS, TEST_JOB_CLASS, waitCheckpointAfter, waitRunning } from "./lib/testjob.ts";

describe("HA session cluster (values-examples/session-ha.yaml)", () => {
  const jobs: string[] = [];
  const ctx = useScenario("session-ha", async (s) => {
    await s.install({ valuesFiles: ["values-examples/session-ha.yaml"], pods: 4 });
  });

  it("runs a jar submitted through the standby JobManager's REST API", async () => {
    const s = ctx.s;
    await s.waitTaskManagers(2);
    const leader = await leaderJobManager(s);
    const standby = (await s.pods("app.kubernetes.io/component=jobmanager")).find(
      (p) => p.metadata?.name !== leader.metadata?.name,
    );
    expect(standby, "a standby JobManager").toBeDefined();
    const fwd = await forwardPod(s.kc, s.namespace, standby!.metadata!.name!, 8081);
    try {
      const viaStandby = new FlinkRest(fwd.url);
      const jarId = await viaStandby.uploadJar(s.ctx.testJobJar);
      const jid = await viaStandby.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 2 });
      const rest = await s.rest();
      await waitRunning(rest, jid);
      s.timings.lap("install to job RUNNING (submitted through the standby)", "install");
      await waitCheckpointAfter(rest, jid, 0);
      jobs.push(jid);
    } finally {
      await fwd.close();
    }
  });

  it("takes a savepoint of every running job when the savepoint CronJob runs once (kubectl create job --from)", async () => {
    const s = ctx.s;
    const rest = await s.rest();
    const jarId = await rest.uploadJar(s.ctx.testJobJar);
    const second = await rest.runJar(jarId, { entryClass: TEST_JOB_CLASS, args: TEST_JOB_ARGS, parallelism: 1 });
    await waitRunning(rest, second);
    jobs.push(second);
    await s.cluster.kubectl(["-n", s.namespace, "create", "job", `--from=cronjob/${s.release}-savepoints`, "now"]);
    await s.cluster.kubectl(["-n", s.namespace, "wait", "--for=condition=complete", "job/now", "--timeout=300s"]);
    const recorded = await waitFor({ what: "the savepoint record", timeoutMs: 30_000 }, async () => {
      const cm = await s.core
        .readNamespacedConfigMap({ name: `${s.release}-savepoints`, namespace: s.namespace })
        .catch(() => undefined);
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
