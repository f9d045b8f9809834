// The job lifecycle on one application cluster with HA (values-examples/application-ha.yaml, the test
// job), step by step: a last-state upgrade changes parallelism, a job argument and the checkpoint
// interval, and all three are in effect afterwards with the state intact; savepoints on a schedule and
// on demand keep only `retain` of them, in the record and on disk; a savepoint upgrade runs a new jar
// from the savepoint it recorded; a failing savepoint aborts the upgrade and leaves the job running,
// untouched; a stateless upgrade starts from empty state; a rollback after a broken upgrade keeps the
// previous version running with its state; an uninstall with a savepoint and a new install resume the
// job from it. After every step the test job's verifier proves no update was lost or applied twice.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { waitFor } from "../../harness/log.ts";
import type { Release, ReleaseImage } from "../../harness/release.ts";
import {
  TEST_JOB_KEYS,
  installTestJobApplication,
  verifierVertex,
  waitCheckpointAfter,
  waitProgress,
  waitRunning,
} from "../../harness/testjob.ts";
import type { ValuesOverride } from "../../harness/values.ts";
import { beforeFault, expectRecovered } from "./lib/recovery.ts";
import { useRelease } from "./lib/suite.ts";

const VALUES_FILES = ["values-examples/application-ha.yaml"];
const PODS = 3; // 2 JobManagers, 1 TaskManager

/** The test job's arguments (TEST_JOB_ARGS with a rate, a checkpoint interval and a parallelism). */
const jobArgs = (rate: number, intervalMs: number, parallelism: number): string[] => [
  "--keys",
  String(TEST_JOB_KEYS),
  "--payload-bytes",
  "256",
  "--rate",
  String(rate),
  "--checkpoint-interval",
  String(intervalMs),
  "--parallelism",
  String(parallelism),
];

interface RecordedSavepoint {
  key: string;
  path: string;
  jobId: string;
  cause: string;
  triggerId: string;
}

/** The savepoint record (ConfigMap <fullname>-savepoints) as the lifecycle steps wrote it. */
async function record(r: Release): Promise<Record<string, string>> {
  const cm = await r.core.readNamespacedConfigMap({ name: await r.savepointRecordName(), namespace: r.namespace });
  return cm.data ?? {};
}

async function recordedSavepoints(r: Release): Promise<RecordedSavepoint[]> {
  return Object.entries(await record(r))
    .filter(([k]) => k.startsWith("savepoint-"))
    .map(([key, v]) => ({ key, ...(JSON.parse(v) as Omit<RecordedSavepoint, "key">) }));
}

/** Savepoint directories on the shared volume, as the JobManager sees them. */
async function savepointDirs(r: Release): Promise<string[]> {
  const out = await r.cluster.kubectl([
    "-n",
    r.namespace,
    "exec",
    `deploy/${(await r.object("jobmanager-deployment.yaml")).metadata.name}`,
    "-c",
    "jobmanager",
    "--",
    "ls",
    "/flink-data/savepoints",
  ]);
  return out.split(/\s+/).filter(Boolean);
}

const dirOf = (path: string): string => path.replace(/\/+$/, "").split("/").pop() ?? "";

async function jobManagerUids(r: Release): Promise<string[]> {
  return (await r.jobManagerPods())
    .filter((p) => !p.metadata?.deletionTimestamp)
    .map((p) => p.metadata!.uid!)
    .sort();
}

/** Waits until a job other than `previous` runs; returns its id. */
async function newRunningJob(rest: FlinkRest, previous: string): Promise<string> {
  return waitFor({ what: `a job other than ${previous} to run`, timeoutMs: 600_000 }, async () => {
    const jobs = await rest.jobs();
    const j = jobs.find((x) => x.jid !== previous && x.state === "RUNNING");
    return { done: j?.jid, status: jobs.map((x) => `${x.jid} ${x.state}`).join(", ") || "no jobs" };
  });
}

/** Runs the savepoint CronJob once, as a user would: kubectl create job --from=cronjob/... */
async function savepointNow(r: Release, name: string): Promise<string> {
  const cron = await r.savepointCronJobName();
  await r.cluster.kubectl(["-n", r.namespace, "create", "job", `--from=cronjob/${cron}`, name]);
  await r.cluster.kubectl(["-n", r.namespace, "wait", "--for=condition=complete", `job/${name}`, "--timeout=300s"]);
  return r.cluster.kubectl(["-n", r.namespace, "logs", `job/${name}`]);
}

describe("job lifecycle: upgrades, savepoints, rollback, uninstall and install (application cluster with HA)", () => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useRelease("lifecycle", async (r) => {
    ({ rest, jid } = await installTestJobApplication(r, {
      valuesFiles: VALUES_FILES,
      values: { application: { args: jobArgs(100, 2000, 1) } },
      pods: PODS,
    }));
  });
  /** The values and the image of the current revision, beyond the values file (each step starts from them). */
  let values: ValuesOverride = { application: { args: jobArgs(100, 2000, 1) } };
  let image: ReleaseImage = "testJob";

  it("last-state upgrade: the new parallelism, job argument and checkpoint interval are in effect, state intact", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    expect((await verifierVertex(rest, jid)).parallelism).toBe(1);
    expect((await rest.checkpointConfig(jid)).interval).toBe(2000);
    values = { ...values, application: { args: jobArgs(150, 3000, 2) } };
    r.timings.mark("fault");
    await r.upgrade(values, PODS, image);
    await expectRecovered(r, rest, before, "last-state upgrade");
    expect((await verifierVertex(rest, jid)).parallelism, "verifier parallelism").toBe(2);
    expect((await rest.checkpointConfig(jid)).interval, "checkpoint interval").toBe(3000);
    expect((await rest.job(jid)).name, "the job argument --rate").toContain("rate=150/s");
  });

  it("takes savepoints on a schedule and on demand, keeping only `retain` in the record and on disk", async () => {
    const r = ctx.r;
    values = { ...values, lifecycle: { savepoints: { retain: 2, schedule: "* * * * *" } } };
    const jmBefore = await jobManagerUids(r);
    await r.upgrade(values, PODS, image);
    expect(await jobManagerUids(r), "a CronJob change does not roll the JobManagers").toEqual(jmBefore);
    await waitFor({ what: "a scheduled savepoint (the CronJob fires every minute)", timeoutMs: 240_000 }, async () => {
      const cron = await r.savepointCronJobName();
      const cj = JSON.parse(await r.cluster.kubectl(["-n", r.namespace, "get", "cronjob", cron, "-o", "json"])) as {
        status?: { lastSuccessfulTime?: string };
      };
      return {
        done: cj.status?.lastSuccessfulTime,
        status: `last success: ${cj.status?.lastSuccessfulTime ?? "none"}`,
      };
    });
    values = { ...values, lifecycle: { savepoints: { retain: 2 } } };
    await r.upgrade(values, PODS, image);
    const scheduled = (await recordedSavepoints(r)).filter((x) => x.cause === "schedule" && x.jobId === jid);
    expect(scheduled.length, "scheduled savepoints recorded").toBeGreaterThanOrEqual(1);
    for (const name of ["savepoint-now-1", "savepoint-now-2"]) {
      expect(await savepointNow(r, name)).toMatch(/recorded savepoint .* of job/);
    }
    const kept = (await recordedSavepoints(r)).filter((x) => x.cause === "schedule" && x.jobId === jid);
    expect(kept.length, "savepoints kept in the record (retain: 2)").toBe(2);
    for (const x of kept) expect(x.triggerId).toMatch(/^[0-9a-f]{32}$/);
    const onDisk = (await savepointDirs(r)).filter((d) => d.startsWith(`savepoint-${jid.slice(0, 6)}-`));
    expect(onDisk.sort(), "savepoints on disk are exactly the recorded ones").toEqual(
      kept.map((x) => dirOf(x.path)).sort(),
    );
  });

  it("savepoint upgrade to a new jar: the new version runs from the savepoint it recorded, state intact", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    expect(before.verdict.jobVersion).toBe(1);
    values = {
      ...values,
      lifecycle: { upgradeMode: "savepoint", savepoints: { retain: 2 } },
      application: { args: jobArgs(120, 3000, 2) },
    };
    image = "testJobV2";
    r.timings.mark("fault");
    await r.upgrade(values, PODS, image);
    const sp = (await recordedSavepoints(r)).find((x) => x.cause === "upgrade" && x.jobId === jid);
    expect(sp, "the upgrade's savepoint is recorded").toBeDefined();
    const next = await newRunningJob(rest, jid);
    const after = await expectRecovered(r, rest, before, "savepoint upgrade", { jid: next, savepoint: sp!.path });
    expect(after.jobVersion, "version 2 of the jar runs").toBe(2);
    expect((await rest.job(next)).name).toMatch(/counter v2 .*rate=120\/s/);
    expect(await savepointDirs(r)).toContain(dirOf(sp!.path));
    jid = next;
  });

  it("a failing savepoint aborts the upgrade, says why, and leaves the job running untouched", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    const jm = await jobManagerUids(r);
    const restored = (await rest.checkpoints(jid)).latest.restored?.id;
    const failed = await r.tryUpgrade(
      {
        ...values,
        lifecycle: {
          upgradeMode: "savepoint",
          savepoints: { retain: 2, targetDirectory: "file:///proc/flink-helm-no-savepoints" },
        },
        application: { args: jobArgs(110, 3000, 2) },
      },
      image,
    );
    expect(failed.code, "helm upgrade fails").not.toBe(0);
    const hook = await r.lifecycleHookJobName("upgrade");
    expect(failed.stderr).toMatch(new RegExp(`pre-upgrade hooks failed[\\s\\S]*${hook}`));
    const log = await r.cluster.kubectl(["-n", r.namespace, "logs", `job/${hook}`]);
    expect(log).toMatch(/the savepoint failed, so the upgrade stops here; job [0-9a-f]{32} is RUNNING/);
    expect(log).toMatch(/Failed to create savepoint directory/);
    const status = JSON.parse((await r.helm(["status", r.name, "-o", "json"])).stdout) as {
      info: { status: string };
    };
    expect(status.info.status).toBe("failed");
    expect(await jobManagerUids(r), "JobManager pods unchanged").toEqual(jm);
    await waitRunning(rest, jid);
    expect((await rest.checkpoints(jid)).latest.restored?.id, "no restart, no restore").toBe(restored);
    await waitCheckpointAfter(rest, jid, before.checkpoint);
    const v = await waitProgress(rest, jid, before.verdict.verifiedEvents);
    expect(v.stateViolations).toBe(0);
    expect((await rest.job(jid)).name).toContain("rate=120/s");
  });

  it("stateless upgrade: the new version starts with empty state (a fresh sequence)", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    values = {
      ...values,
      lifecycle: { upgradeMode: "stateless", savepoints: { retain: 2 } },
      application: { args: jobArgs(100, 2000, 1) },
    };
    await r.upgrade(values, PODS, image);
    const next = await newRunningJob(rest, jid);
    await waitRunning(rest, next);
    await waitCheckpointAfter(rest, next, 0);
    const v = await waitProgress(rest, next, 0);
    expect(v.restored, "no subtask restored").toBe(0);
    expect(v.restoredKeys).toBe(0);
    expect(v.stateViolations).toBe(0);
    expect(v.verifiedEvents, "a fresh sequence").toBeLessThan(before.verdict.verifiedEvents);
    expect((await rest.checkpoints(next)).latest.restored).toBeNull();
    jid = next;
  });

  it("rollback after a broken upgrade: the previous version keeps running with its state", async () => {
    const r = ctx.r;
    values = { ...values, lifecycle: { savepoints: { retain: 2 } } }; // back to the default: last-state
    await r.upgrade(values, PODS, image);
    const before = await beforeFault(rest, jid);
    const jm = await jobManagerUids(r);
    const broken = await r.tryUpgrade(
      { ...values, application: { ...values.application, jobClassName: "dev.flinkhelm.testjob.NoSuchJob" } },
      image,
    );
    expect(broken.code, broken.stderr).toBe(0);
    await waitFor({ what: "the broken JobManagers to fail", timeoutMs: 300_000 }, async () => {
      const pods = (await r.jobManagerPods()).filter((p) => !jm.includes(p.metadata!.uid!));
      const failing = pods.filter((p) =>
        (p.status?.containerStatuses ?? []).some((c) => c.name === "jobmanager" && c.restartCount > 0),
      );
      return {
        done: failing.length > 0 ? true : undefined,
        status: `${failing.length}/${pods.length} new pods restarted`,
      };
    });
    expect((await rest.job(jid)).state, "the previous version still runs").toBe("RUNNING");
    await r.rollback(PODS);
    expect(await jobManagerUids(r), "the previous JobManagers stayed").toEqual(jm);
    await waitRunning(rest, jid);
    await waitCheckpointAfter(rest, jid, before.checkpoint);
    const v = await waitProgress(rest, jid, before.verdict.verifiedEvents);
    expect(v.stateViolations).toBe(0);
    expect((await rest.jobs()).map((j) => j.jid)).toEqual([jid]);
  });

  it("uninstall with a savepoint, then install: the job resumes from it", async () => {
    const r = ctx.r;
    values = { ...values, lifecycle: { savepoints: { retain: 2, onUninstall: true } } };
    await r.upgrade(values, PODS, image);
    const before = await beforeFault(rest, jid);
    await r.uninstall();
    const sp = (await recordedSavepoints(r)).find((x) => x.cause === "uninstall" && x.jobId === jid);
    expect(sp, "the uninstall's savepoint is recorded").toBeDefined();
    expect((await record(r))["restore-on-install"]).toBe(sp!.path);
    const left = await r.leftovers();
    expect(left.sort(), "what stays: the record and the volume holding the savepoint").toEqual(
      [`configmap/${await r.savepointRecordName()}`, `persistentvolumeclaim/${await r.dataClaimName()}`].sort(),
    );
    r.timings.mark("fault");
    await r.install({ valuesFiles: VALUES_FILES, image, values, pods: PODS });
    const next = await newRunningJob(rest, jid);
    await expectRecovered(r, rest, before, "uninstall and install", { jid: next, savepoint: sp!.path });
    expect((await record(r))["restore-on-install"], "used once").toBeUndefined();
  });
});
