// HA metadata, checkpoints and savepoints in S3-compatible object storage (values-examples/s3.yaml:
// Flink's flink-s3-fs-presto plugin, path-style access, credentials from a Secret), run as an
// application cluster of the test job against a gofakes3 server in the namespace. Flink writes its
// checkpoints and HA metadata to the bucket, the secret key appears in no ConfigMap, and a new
// JobManager pod recovers the job from the HA metadata in S3 with its state intact.
import { describe, expect, it } from "vitest";
import { deletePod } from "../../harness/faults.ts";
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { deployS3, listObjects, S3_BUCKET, S3_SECRET, S3_SECRET_ACCESS_KEY } from "../../harness/s3.ts";
import { installTestJobApplication, TEST_JOB_CLASS, waitCheckpointAfter } from "../../harness/testjob.ts";
import { beforeFault, expectRecovered } from "./lib/recovery.ts";
import { e2eTarget, useRelease } from "./lib/suite.ts";

/** storage.s3.prefix of values-examples/s3.yaml. */
const PREFIX = "flink-cluster";

describe("S3 storage (values-examples/s3.yaml, S3-compatible server in the namespace)", () => {
  let rest: FlinkRest;
  let jid: string;
  const ctx = useRelease("s3", async (r) => {
    const endpoint = await deployS3(r, e2eTarget().s3Image);
    ({ rest, jid } = await installTestJobApplication(r, {
      valuesFiles: ["values-examples/s3.yaml"],
      values: {
        mode: "application",
        application: { jobClassName: TEST_JOB_CLASS },
        storage: { s3: { endpoint } },
        flinkConfiguration: { "execution.checkpointing.interval": "2 s" },
      },
      pods: 2,
    }));
  });

  it("writes checkpoints and HA metadata to the bucket through the presto plugin", async () => {
    const r = ctx.r;
    const id = await waitCheckpointAfter(rest, jid, 0);
    r.timings.lap("install to first completed checkpoint", "install");
    const cp = await rest.checkpoints(jid);
    expect(cp.latest.completed?.external_path).toMatch(
      new RegExp(`^s3://${S3_BUCKET}/${PREFIX}/checkpoints/${jid}/chk-\\d+$`),
    );
    // Checkpoints are subsumed every 2 s, so look for the metadata of whichever is retained now.
    const checkpoints = await listObjects(r, `${PREFIX}/checkpoints/${jid}/`);
    const retained = checkpoints
      .map((k) => /\/chk-(\d+)\/_metadata$/.exec(k)?.[1])
      .filter((n) => n !== undefined)
      .map(Number);
    expect(retained.length, `checkpoint objects: ${checkpoints.join(", ")}`).toBeGreaterThan(0);
    expect(Math.max(...retained)).toBeGreaterThanOrEqual(id);
    const ha = await listObjects(r, `${PREFIX}/ha/`);
    expect(
      ha.some((k) => /submitted(JobGraph|ExecutionPlan)/.test(k)),
      `HA objects: ${ha.join(", ")}`,
    ).toBe(true);
    expect(
      ha.some((k) => /completedCheckpoint/i.test(k)),
      `HA objects: ${ha.join(", ")}`,
    ).toBe(true);
  });

  it("takes the credentials from the Secret: the secret key is in no ConfigMap", async () => {
    const r = ctx.r;
    const cms = (await r.core.listNamespacedConfigMap({ namespace: r.namespace })).items;
    expect(cms.length).toBeGreaterThan(0);
    for (const cm of cms) expect(JSON.stringify(cm.data ?? {}), cm.metadata?.name).not.toContain(S3_SECRET_ACCESS_KEY);
    const [jm] = await r.jobManagerPods();
    const env = jm?.spec?.containers.find((c) => c.name === "jobmanager")?.env ?? [];
    expect(env.filter((e) => e.valueFrom?.secretKeyRef?.name === S3_SECRET).length).toBe(2);
  });

  it("recovers the job from the HA metadata in S3 when the JobManager pod is deleted", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    const [jm] = await r.jobManagerPods();
    r.timings.mark("fault");
    await deletePod(r, jm!.metadata!.name!);
    await expectRecovered(r, rest, before, "JobManager pod deleted");
  });
});
