// The job lifecycle on one application cluster with HA (values-examples/application-ha.yaml, the test
// job), step by step: a last-state upgrade changes parallelism, a job argument and the checkpoint
// interval, and all three are in effect afterwards with the state intact; savepoints on a schedule and
// on demand keep only `retain` of them, in the record and on disk; a savepoint upgrade runs a new jar
// from the savepoint it recorded; a failing savepoint aborts the upgrade and leaves the job running,
// untouched; a stateless upgrade starts from empty state; a rollback after a broken upgrade keeps the
// previous version running with its state; an uninstall with a savepoint and a new install resume the
// job from it. After every step the test job's verifier proves no update was lost or applied twice.
import { describe, expect, inject, it } from "vitest";
import type { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { waitFor } from "../../scripts/lib/log.ts";
import type { ValuesOverride } from "../lib/values.ts";
import { beforeFault, expectRecovered } from "./lib/recovery.ts";
import { useScenario, type Scenario } from "./lib/scenario.ts";
import {
  TEST_JOB_KEYS,
  installTestJobApplication,
  verifierVertex,
  waitCheckpointAfter,
  waitProgress,
  waitRunning,
} from "./lib/testjob.ts";

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
async function record(s: Scenario): Promise<Record<string, string>> {
  const cm = await s.core.readNamespacedConfigMap({ name: `${s.release}-savepoints`, namespace: s.namespace });
  return cm.data ?? {};
}

async function recordedSavepoints(s: Scenario): Promise<RecordedSavepoint[]> {
  return Object.entries(await record(s))
    .filter(([k]) => k.startsWith("savepoint-"))
    .map(([key, v]) => ({ key, ...(JSON.parse(v) as Omit<RecordedSavepoint, "key">) }));
}

/** Savepoint directories on the shared volume, as the JobManager sees them. */
async function savepointDirs(s: Scenario): Promise<string[]> {
  const out = await s.cluster.kubectl([
    "-n",
    s.namespace,
    "exec",
    `deploy/${s.release}-jobmanager`,
    "-c",
    "jobmanager",
    "--",
    "ls",
    "/flink-data/savepoints",
  ]);
  return out.split(/\s+/).filter(Boolean);
}

const dirOf = (path: string): string => path.replace(/\/+$/, "").split("/").pop() ?? "";

async function jobManagerUids(s: Scenario): Promise<string[]> {
  return (await s.pods("app.kubernetes.io/component=jobmanager"))
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
async function savepointNow(s: Scenario, name: string): Promise<string> {
  await s.cluster.kubectl(["-n", s.namespace, "create", "job", `--from=cronjob/${s.release}-savepoints`, name]);
  await s.cluster.kubectl(["-n", s.namespace, "wait", "--for=condition=complete", `job/${name}`, "--timeout=300s"]);
  return s.cluster.kubectl(["-n", s.namespace, "logs", `job/${name}`]);
}

describe("job lifecycle: upgrades, savepoints, rollback, uninstall and install (application cluster with HA)", () => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useScenario("lifecycle", async (s) => {
    ({ rest, jid } = await installTestJobApplication(s, {
      valuesFiles: VALUES_FILES,
      values: { application: { args: jobArgs(100, 2000, 1) } },
      pods: PODS,
    }));
  });
  /** The values of the current revision, beyond the values file (each step starts from them). */
  let values: ValuesOverride = { application: { args: jobArgs(100, 2000, 1) } };
  const v2Tag = inject("e2e").testJobImageV2.split(":").pop()!;

  it("last-state upgrade: the new parallelism, job argument and checkpoint interval are in effect, state intact", async () => {
    const s = ctx.s;
    const before = await beforeFault(rest, jid);
    expect((await verifierVertex(rest, jid)).parallelism).toBe(1);
    expect((await rest.checkpointConfig(jid)).interval).toBe(2000);
    values = { ...values, application: { args: jobArgs(150, 3000, 2) } };
    s.timings.mark("fault");
    await s.upgrade(values, PODS);
    await expectRecovered(s, rest, before, "last-state upgrade");
    expect((await verifierVertex(rest, jid)).parallelism, "verifier parallelism").toBe(2);
    expect((await rest.checkpointConfig(jid)).interval, "checkpoint interval").toBe(3000);
    expect((await rest.job(jid)).name, "the job argument --rate").toContain("rate=150/s");
  });

  it("takes savepoints on a schedule and on demand, keeping only `retain` in the record and on disk", async () => {
    const s = ctx.s;
    values = { ...values, lifecycle: { savepoints: { retain: 2, schedule: "* * * * *" } } };
    const jmBefore = await jobManagerUids(s);
    await s.upgrade(values, PODS);
    expect(await jobManagerUids(s), "a CronJob change does not roll the JobManagers").toEqual(jmBefore);
    await waitFor({ what: "a scheduled savepoint (the CronJob fires every minute)", timeoutMs: 240_000 }, async () => {
      const cj = JSON.parse(
        await s.cluster.kubectl(["-n", s.namespace, "get", "cronjob", `${s.release}-savepoints`, "-o", "json"]),
      ) as { status?: { lastSuccessfulTime?: string } };
      return {
        done: cj.status?.lastSuccessfulTime,
        status: `last success: ${cj.status?.lastSuccessfulTime ?? "none"}`,
      };
    });
    values = { ...values, lifecycle: { savepoints: { retain: 2 } } };
    await s.upgrade(values, PODS);
    const scheduled = (await recordedSavepoints(s)).filter((x) => x.cause === "schedule" && x.jobId === jid);
    expect(scheduled.length, "scheduled savepoints recorded").toBeGreaterThanOrEqual(1);
    for (const name of ["savepoint-now-1", "savepoint-now-2"]) {
      expect(await savepointNow(s, name)).toMatch(/recorded savepoint .* of job/);
    }
    const kept = (await recordedSavepoints(s)).filter((x) => x.cause === "schedule" && x.jobId === jid);
    expect(kept.length, "savepoints kept in the record (retain: 2)").toBe(2);
    for (const x of kept) expect(x.triggerId).toMatch(/^[0-9a-f]{32}$/);
    const onDisk = (await savepointDirs(s)).filter((d) => d.startsWith(`savepoint-${jid.slice(0, 6)}-`));
    expect(onDisk.sort(), "savepoints on disk are exactly the recorded ones").toEqual(
      kept.map((x) => dirOf(x.path)).sort(),
    );
  });

  it("savepoint upgrade to a new jar: the new version runs from the savepoint it recorded, state intact", async () => {
    const s = ctx.s;
    const before = await beforeFault(rest, jid);
    expect(before.verdict.jobVersion).toBe(1);
    values = {
      ...values,
      image: { tag: v2Tag },
      lifecycle: { upgradeMode: "savepoint", savepoints: { retain: 2 } },
      application: { args: jobArgs(120, 3000, 2) },
    };
    s.timings.mark("fault");
    await s.upgrade(values, PODS);
    const sp = (await recordedSavepoints(s)).find((x) => x.cause === "upgrade" && x.jobId === jid);
    expect(sp, "the upgrade's savepoint is recorded").toBeDefined();
    const next = await newRunningJob(rest, jid);
    const after = await expectRecovered(s, rest, before, "savepoint upgrade", { jid: next, savepoint: sp!.path });
    expect(after.jobVersion, "version 2 of the jar runs").toBe(2);
    expect((await rest.job(next)).name).toMatch(/counter v2 .*rate=120\/s/);
    expect(await savepointDirs(s)).toContain(dirOf(sp!.path));
    jid = next;
  });

  it("a failing savepoint aborts the upgrade, says why, and leaves the job running untouched", async () => {
    const s = ctx.s;
    const before = await beforeFault(rest, jid);
    const jm = await jobManagerUids(s);
    const restored = (await rest.checkpoints(jid)).latest.restored?.id;
    const r = await s.tryUpgrade({
      ...values,
      lifecycle: {
        upgradeMode: "savepoint",
        savepoints: { retain: 2, targetDirectory: "file:///proc/flink-helm-no-savepoints" },
      },
      application: { args: jobArgs(110, 3000, 2) },
    });
    expect(r.code, "helm upgrade fails").not.toBe(0);
    expect(r.stderr).toMatch(/pre-upgrade hooks failed[\s\S]*flink-lifecycle-upgrade/);
    const log = await s.cluster.kubectl(["-n", s.namespace, "logs", `job/${s.release}-lifecycle-upgrade`]);
    expect(log).toMatch(/the savepoint failed, so the upgrade stops here; job [0-9a-f]{32} is RUNNING/);
    expect(log).toMatch(/Failed to create savepoint directory/);
    const status = JSON.parse((await s.helm(["status", s.release, "-o", "json"])).stdout) as {
      info: { status: string };
    };
    expect(status.info.status).toBe("failed");
    expect(await jobManagerUids(s), "JobManager pods unchanged").toEqual(jm);
    await waitRunning(rest, jid);
    expect((await rest.checkpoints(jid)).latest.restored?.id, "no restart, no restore").toBe(restored);
    await waitCheckpointAfter(rest, jid, before.checkpoint);
    const v = await waitProgress(rest, jid, before.verdict.verifiedEvents);
    expect(v.stateViolations).toBe(0);
    expect((await rest.job(jid)).name).toContain("rate=120/s");
  });

  it("stateless upgrade: the new version starts with empty state (a fresh sequence)", async () => {
    const s = ctx.s;
    const before = await beforeFault(rest, jid);
    values = {
      ...values,
      lifecycle: { upgradeMode: "stateless", savepoints: { retain: 2 } },
      application: { args: jobArgs(100, 2000, 1) },
    };
    await s.upgrade(values, PODS);
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
    const s = ctx.s;
    values = { ...values, lifecycle: { savepoints: { retain: 2 } } }; // back to the default: last-state
    await s.upgrade(values, PODS);
    const before = await beforeFault(rest, jid);
    const jm = await jobManagerUids(s);
    const broken = await s.tryUpgrade({
      ...values,
      application: { ...values.application, jobClassName: "dev.flinkhelm.testjob.NoSuchJob" },
    });
    expect(broken.code, broken.stderr).toBe(0);
    await waitFor({ what: "the broken JobManagers to fail", timeoutMs: 300_000 }, async () => {
      const pods = (await s.pods("app.kubernetes.io/component=jobmanager")).filter(
        (p) => !jm.includes(p.metadata!.uid!),
      );
      const failing = pods.filter((p) =>
        (p.status?.containerStatuses ?? []).some((c) => c.name === "jobmanager" && c.restartCount > 0),
      );
      return {
        done: failing.length > 0 ? true : undefined,
        status: `${failing.length}/${pods.length} new pods restarted`,
      };
    });
    expect((await rest.job(jid)).state, "the previous version still runs").toBe("RUNNING");
    await s.rollback(PODS);
    expect(await jobManagerUids(s), "the previous JobManagers stayed").toEqual(jm);
    await waitRunning(rest, jid);
    await waitCheckpointAfter(rest, jid, before.checkpoint);
    const v = await waitProgress(rest, jid, before.verdict.verifiedEvents);
    expect(v.stateViolations).toBe(0);
    expect((await rest.jobs()).map((j) => j.jid)).toEqual([jid]);
  });

  it("uninstall with a savepoint, then install: the job resumes from it", async () => {
    const s = ctx.s;
    values = { ...values, lifecycle: { savepoints: { retain: 2, onUninstall: true } } };
    await s.upgrade(values, PODS);
    const before = await beforeFault(rest, jid);
    await s.uninstall();
    const sp = (await recordedSavepoints(s)).find((x) => x.cause === "uninstall" && x.jobId === jid);
    expect(sp, "the uninstall's savepoint is recorded").toBeDefined();
    expect((await record(s))["restore-on-install"]).toBe(sp!.path);
    const left = await s.leftovers();
    expect(left.sort(), "what stays: the record and the volume holding the savepoint").toEqual(
      [`configmap/${s.release}-savepoints`, `persistentvolumeclaim/${s.release}-data`].sort(),
    );
    s.timings.mark("fault");
    await s.install({ valuesFiles: VALUES_FILES, testJobImage: true, values, pods: PODS });
    const next = await newRunningJob(rest, jid);
    await expectRecovered(s, rest, before, "uninstall and install", { jid: next, savepoint: sp!.path });
    expect((await record(s))["restore-on-install"], "used once").toBeUndefined();
  });
});
