// The job lifecycle as rendered: the JobManager pod template carries its own hash (the job spec) so an
// upgrade can tell that the job changes; the upgrade mode in effect; the hooks and the savepoint
// CronJob with their identities; and the values that cannot work refused with the value to change.
import type { V1CronJob, V1Job } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { container, envValue, podTemplate, render, renderError, type Manifest } from "../lib/render.ts";
import type { ValuesOverride } from "../../harness/values.ts";

const appHa: ValuesOverride = {
  mode: "application",
  application: { jobClassName: "com.example.Job", args: ["--rate", "100"] },
  highAvailability: { enabled: true },
  storage: { pvc: { enabled: true } },
  jobManager: { replicas: 2 },
};
const jmTemplate = (m: Manifest) => podTemplate(m.get("Deployment", "rel-flink-jobmanager"));
const jobSpec = (values: ValuesOverride): string =>
  jmTemplate(render({ values })).metadata?.annotations?.["flink-helm.dev/job-spec"] ?? "";
const hookJobs = (m: Manifest) => m.all("Job") as unknown as V1Job[];
const hookJob = (m: Manifest, step: string) => {
  const j = hookJobs(m).find((x) => x.metadata?.name === `rel-flink-lifecycle-${step}`);
  if (!j) throw new Error(`no lifecycle-${step} Job in ${m.describe()}`);
  return j;
};
const stepEnv = (j: V1Job | V1CronJob, name: string): string | undefined => {
  const spec = "jobTemplate" in (j.spec ?? {}) ? (j as V1CronJob).spec!.jobTemplate.spec : (j as V1Job).spec;
  return envValue(spec!.template.spec!.containers[0]!, name);
};

describe("job spec: a hash of the JobManager pod template", () => {
  const base = jobSpec(appHa);

  it("is a stable 16-digit hash on the JobManager pods and in their handover sidecar", () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(jobSpec(appHa)).toBe(base);
    const t = jmTemplate(render({ values: appHa }));
    expect(envValue(container(t, "leader-lock-release"), "JOB_SPEC")).toBe(base);
    expect(envValue(container(t, "leader-lock-release"), "JM_DEPLOYMENT")).toBe("rel-flink-jobmanager");
  });

  it("changes with the job's arguments, image, class, jars and configuration", () => {
    const changed: ValuesOverride[] = [
      { ...appHa, application: { ...appHa.application, args: ["--rate", "200"] } },
      { ...appHa, image: { tag: "2.2.0-scala_2.12-java21" } },
      { ...appHa, application: { ...appHa.application, jobClassName: "com.example.Other" } },
      { ...appHa, application: { ...appHa.application, jars: ["/opt/flink/usrlib/x.jar"] } },
      { ...appHa, flinkConfiguration: { "execution.checkpointing.interval": "3 s" } },
    ];
    for (const v of changed) expect(jobSpec(v), JSON.stringify(v)).not.toBe(base);
  });

  it("stays when only the TaskManagers change (no JobManager roll, the job keeps running)", () => {
    expect(jobSpec({ ...appHa, taskManager: { replicas: 3 } })).toBe(base);
    expect(jobSpec({ ...appHa, lifecycle: { savepoints: { retain: 7, schedule: "*/5 * * * *" } } })).toBe(base);
  });

  it("is absent in session mode", () => {
    expect(jmTemplate(render({ values: {} })).metadata?.annotations).not.toHaveProperty("flink-helm.dev/job-spec");
  });
});

describe("how new JobManagers learn where the job starts", () => {
  const m = render({ values: appHa });

  it("read FLINK_PROPERTIES from the savepoint record's key for their job spec, when a lifecycle step wrote it", () => {
    const jm = container(jmTemplate(m), "jobmanager");
    expect(jm.env).toContainEqual({
      name: "FLINK_PROPERTIES",
      valueFrom: {
        configMapKeyRef: { name: "rel-flink-savepoints", key: `job-${jobSpec(appHa)}`, optional: true },
      },
    });
    expect(container(jmTemplate(render({ values: {} })), "jobmanager").env?.map((e) => e.name)).not.toContain(
      "FLINK_PROPERTIES",
    );
  });

  it("start all at once as standbys before an old one goes (application mode with HA)", () => {
    expect(m.get("Deployment", "rel-flink-jobmanager").spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "100%", maxUnavailable: 0 },
    });
    expect(
      render({ values: { highAvailability: { enabled: true }, storage: { pvc: { enabled: true } } } }).get(
        "Deployment",
        "rel-flink-jobmanager",
      ).spec?.strategy,
    ).toEqual({ type: "RollingUpdate" });
  });

  it("let the exit handover read the Deployment (by name) in application mode", () => {
    const rules = m.get("Role", "rel-flink").rules ?? [];
    expect(rules).toContainEqual({
      apiGroups: ["apps"],
      resources: ["deployments"],
      resourceNames: ["rel-flink-jobmanager"],
      verbs: ["get"],
    });
  });
});

describe("upgrade mode", () => {
  const mode = (values: ValuesOverride) => stepEnv(hookJob(render({ values }), "upgrade"), "UPGRADE_MODE");

  it("defaults to the mode that keeps the most state: last-state with HA, savepoint with a savepoint dir, else stateless", () => {
    expect(mode(appHa)).toBe("last-state");
    expect(mode({ ...appHa, highAvailability: { enabled: false }, jobManager: { replicas: 1 } })).toBe("savepoint");
    expect(mode({ mode: "application", application: { jobClassName: "com.example.Job" } })).toBe("stateless");
    expect(mode({ ...appHa, lifecycle: { upgradeMode: "stateless" } })).toBe("stateless");
  });

  it("runs a pre-upgrade/pre-rollback hook that is not retried and stays for its log when it fails", () => {
    const j = hookJob(render({ values: appHa }), "upgrade");
    expect(j.metadata?.annotations).toMatchObject({
      "helm.sh/hook": "pre-upgrade,pre-rollback",
      "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
    });
    expect(j.spec?.backoffLimit).toBe(0);
    const pod = j.spec!.template.spec!;
    expect(pod.serviceAccountName).toBe("rel-flink-lifecycle-hook");
    expect(pod.containers[0]!.command?.slice(-2)).toEqual(["lifecycle", "upgrade"]);
    expect(pod.containers[0]!.terminationMessagePolicy).toBe("FallbackToLogsOnError");
    expect(stepEnv(j, "JOB_SPEC")).toBe(jobSpec(appHa));
    expect(stepEnv(j, "REST_URL")).toBe("http://rel-flink-rest:8081");
  });

  it("is an application-mode matter: a session cluster has no upgrade hook", () => {
    expect(
      hookJobs(render({ values: { highAvailability: { enabled: true }, storage: { pvc: { enabled: true } } } })).map(
        (j) => j.metadata?.name,
      ),
    ).not.toContain("rel-flink-lifecycle-upgrade");
  });

  it.each([
    [
      "last-state without HA",
      { mode: "application", application: { jobClassName: "C" }, lifecycle: { upgradeMode: "last-state" } },
      /lifecycle.upgradeMode=last-state needs highAvailability.enabled=true/,
    ],
    [
      "savepoint without a savepoint directory",
      { mode: "application", application: { jobClassName: "C" }, lifecycle: { upgradeMode: "savepoint" } },
      /lifecycle.upgradeMode=savepoint needs a savepoint directory/,
    ],
    [
      "the issue's name application.upgradeMode",
      { mode: "application", application: { jobClassName: "C", upgradeMode: "savepoint" } },
      /application.upgradeMode: the upgrade mode is lifecycle.upgradeMode/,
    ],
    [
      "a savepoint schedule without a savepoint directory",
      { lifecycle: { savepoints: { schedule: "0 * * * *" } } },
      /lifecycle.savepoints.schedule needs a savepoint directory/,
    ],
    [
      "savepoints on uninstall without a savepoint directory",
      { lifecycle: { savepoints: { onUninstall: true } } },
      /lifecycle.savepoints.onUninstall=true needs a savepoint directory/,
    ],
    [
      "hooks without their RBAC",
      { ...appHa, rbac: { create: false }, serviceAccount: { name: "x" } },
      /rbac.create=false/,
    ],
    [
      "application HA without the rolling log file the handover reads",
      { ...appHa, logging: { rollingFile: { enabled: false } } },
      /needs logging.rollingFile.enabled=true/,
    ],
  ] as [string, ValuesOverride, RegExp][])("refuses %s, naming the value", (_name, values, message) => {
    expect(renderError({ values })).toMatch(message);
  });

  it("refuses application HA before Kubernetes 1.29 (the handover is a native sidecar)", () => {
    expect(renderError({ values: appHa, extraArgs: ["--kube-version", "1.28.0"] })).toMatch(/needs Kubernetes >= 1.29/);
  });
});

describe("savepoints", () => {
  const cron = (m: Manifest) => m.all("CronJob") as unknown as V1CronJob[];

  it("has a suspended CronJob (run it once with kubectl create job --from) when a savepoint dir is known", () => {
    const [c] = cron(render({ values: { storage: { pvc: { enabled: true } } } }));
    expect(c?.metadata?.name).toBe("rel-flink-savepoints");
    expect(c?.spec?.suspend).toBe(true);
    expect(c?.spec?.concurrencyPolicy).toBe("Forbid");
    expect(stepEnv(c!, "RETAIN")).toBe("3");
    expect(c?.spec?.jobTemplate.spec?.template.spec?.containers[0]?.command?.slice(-2)).toEqual([
      "lifecycle",
      "savepoint",
    ]);
    expect(cron(render({ values: {} }))).toEqual([]);
  });

  it("runs on the schedule, with the retention, format and target directory asked for", () => {
    const [c] = cron(
      render({
        values: {
          storage: { pvc: { enabled: true } },
          lifecycle: {
            savepoints: { schedule: "*/30 * * * *", retain: 5, formatType: "NATIVE", targetDirectory: "s3://b/sp" },
          },
        },
      }),
    );
    expect(c?.spec?.schedule).toBe("*/30 * * * *");
    expect(c?.spec?.suspend).toBe(false);
    expect(stepEnv(c!, "RETAIN")).toBe("5");
    expect(stepEnv(c!, "FORMAT_TYPE")).toBe("NATIVE");
    expect(stepEnv(c!, "SAVEPOINT_DIR")).toBe("s3://b/sp");
  });

  it("gives the CronJob an identity limited to the savepoint record; the hooks' may also restart JobManager pods", () => {
    const m = render({ values: appHa });
    const cronRules = m.get("Role", "rel-flink-lifecycle").rules ?? [];
    expect(cronRules).toContainEqual({
      apiGroups: [""],
      resources: ["configmaps"],
      resourceNames: ["rel-flink-savepoints"],
      verbs: ["get", "patch"],
    });
    expect(cronRules.flatMap((r) => r.resources ?? [])).not.toContain("pods");
    const hookRole = m.get("Role", "rel-flink-lifecycle-hook");
    expect(hookRole.metadata?.annotations?.["helm.sh/hook"]).toBe("pre-upgrade,pre-rollback");
    expect(hookRole.rules).toContainEqual({ apiGroups: [""], resources: ["pods"], verbs: ["list", "delete"] });
  });

  it("on uninstall: a pre-delete hook stops the jobs, the next install starts from it, the volume holding it stays", () => {
    const m = render({ values: { ...appHa, lifecycle: { savepoints: { onUninstall: true } } } });
    expect(hookJob(m, "uninstall").metadata?.annotations?.["helm.sh/hook"]).toBe("pre-delete");
    expect(hookJob(m, "install").metadata?.annotations?.["helm.sh/hook"]).toBe("pre-install");
    expect(m.get("Role", "rel-flink-lifecycle-hook").metadata?.annotations?.["helm.sh/hook"]).toBe(
      "pre-install,pre-upgrade,pre-rollback,pre-delete",
    );
    const pvc = m.all("PersistentVolumeClaim")[0];
    expect(pvc?.metadata.annotations?.["helm.sh/resource-policy"]).toBe("keep");
  });
});

describe("the JobManager's part of an upgrade", () => {
  it("removes the superseded execution plan in a preStop hook, before the JVM stops (application mode with HA)", () => {
    const t = jmTemplate(render({ values: appHa }));
    const jm = container(t, "jobmanager");
    expect(jm.lifecycle?.preStop?.exec?.command).toEqual([
      "/bin/sh",
      "/opt/flink-helm/bin/leader-lock-release.sh",
      "prestop",
    ]);
    expect(envValue(jm, "JOB_SPEC")).toBe(jobSpec(appHa));
    expect(jm.volumeMounts).toContainEqual({
      name: "jobmanager-scripts",
      mountPath: "/opt/flink-helm/bin",
      readOnly: true,
    });
    expect(t.metadata?.annotations?.["checksum/jobmanager-scripts"]).toMatch(/^[0-9a-f]{64}$/);
    // What the hook does is tested against a fake API in leader-lock-release.test.ts.
    expect(container(jmTemplate(render({ values: {} })), "jobmanager").lifecycle).toBeUndefined();
  });
});

describe("lifecycle scripts in container commands", () => {
  it("never contain two dollar signs in a row (Kubernetes would turn them into one)", () => {
    const m = render({ values: { ...appHa, lifecycle: { savepoints: { onUninstall: true } } } });
    const commands = hookJobs(m).flatMap((j) => j.spec!.template.spec!.containers[0]!.command!);
    expect(commands.join("\n").length).toBeGreaterThan(1000);
    expect(commands.join("\n")).not.toContain("$$");
  });
});
