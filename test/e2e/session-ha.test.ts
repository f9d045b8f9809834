// Scenario: an HA session cluster (values-examples/session-ha.yaml, two JobManagers). A jar uploaded to
// and run through the standby JobManager's REST API runs: the standby uploads the job to the leader's
// BlobServer at the address the leader reports, which must be reachable from another pod (the chart's
// own /etc/hosts and pod-IP bind for HA JobManagers; with the kubelet's /etc/hosts it was the leader's
// unresolvable pod hostname).
import { describe, expect, it } from "vitest";
import { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { forwardPod } from "../../scripts/lib/portforward.ts";
import { leaderJobManager } from "./lib/faults.ts";
import { useScenario } from "./lib/scenario.ts";
import { TEST_JOB_ARGS, TEST_JOB_CLASS, waitCheckpointAfter, waitRunning } from "./lib/testjob.ts";

describe("HA session cluster (values-examples/session-ha.yaml)", () => {
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
    } finally {
      await fwd.close();
    }
  });
});
