// TaskManagers as a Deployment or a StatefulSet (rpc 6122, probes, uid/fsGroup 9999,
// /opt/flink/conf and /opt/flink/usrlib), and local recovery on StatefulSet volumes.
import type { V1PodTemplateSpec } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { container, envValue, podTemplate, render, renderError } from "../lib/render.ts";
import type { ValuesOverride } from "../../harness/values.ts";

function tmTemplate(values: ValuesOverride): V1PodTemplateSpec {
  const m = render({ values });
  return podTemplate(m.find("StatefulSet") ?? m.get("Deployment", "rel-flink-taskmanager"));
}

describe.each(["Deployment", "StatefulSet"] as const)("TaskManagers as a %s", (kind) => {
  const t = tmTemplate({ taskManager: { kind }, artifacts: { source: "pvc", pvc: { claimName: "jars" } } });
  const tm = container(t, "taskmanager");

  it("is the only TaskManager controller", () => {
    const m = render({ values: { taskManager: { kind } } });
    expect(m.all(kind).map((o) => o.metadata.name)).toContain("rel-flink-taskmanager");
    expect(m.all(kind === "Deployment" ? "StatefulSet" : "Deployment").map((o) => o.metadata.name)).not.toContain(
      "rel-flink-taskmanager",
    );
  });

  it("exposes the rpc port 6122", () => {
    expect(tm.ports).toContainEqual({ name: "rpc", containerPort: 6122, protocol: "TCP" });
  });

  it("has a TCP liveness probe on rpc, 30 s initial delay, 60 s period, and a readiness probe", () => {
    expect(tm.livenessProbe).toMatchObject({ tcpSocket: { port: "rpc" }, initialDelaySeconds: 30, periodSeconds: 60 });
    expect(tm.readinessProbe).toMatchObject({ tcpSocket: { port: "rpc" } });
    expect(tm.startupProbe).toBeUndefined();
  });

  it("runs as uid 9999 with fsGroup 9999", () => {
    expect(t.spec?.securityContext).toMatchObject({ runAsUser: 9999, fsGroup: 9999 });
    expect(tm.securityContext).toMatchObject({ runAsUser: 9999 });
  });

  it("mounts the configuration at /opt/flink/conf and the artifacts at /opt/flink/usrlib", () => {
    const paths = tm.volumeMounts?.map((v) => v.mountPath);
    expect(paths).toContain("/opt/flink/conf");
    expect(paths).toContain("/opt/flink/usrlib");
  });
});

describe("TaskManager probes", () => {
  it("are configurable, and the startup probe can be enabled", () => {
    const tm = container(
      tmTemplate({
        taskManager: {
          livenessProbe: { initialDelaySeconds: 5, periodSeconds: 7, timeoutSeconds: 2, failureThreshold: 9 },
          readinessProbe: { enabled: false },
          startupProbe: { enabled: true, periodSeconds: 3, failureThreshold: 100 },
        },
      }),
      "taskmanager",
    );
    expect(tm.livenessProbe).toEqual({
      tcpSocket: { port: "rpc" },
      initialDelaySeconds: 5,
      periodSeconds: 7,
      timeoutSeconds: 2,
      failureThreshold: 9,
    });
    expect(tm.readinessProbe).toBeUndefined();
    expect(tm.startupProbe).toMatchObject({ tcpSocket: { port: "rpc" }, periodSeconds: 3, failureThreshold: 100 });
  });

  it("has the same defaults on the JobManager (liveness on rpc 6123, readiness on the web UI)", () => {
    const jm = container(podTemplate(render().get("Deployment", "rel-flink-jobmanager")), "jobmanager");
    expect(jm.livenessProbe).toMatchObject({ tcpSocket: { port: "rpc" }, initialDelaySeconds: 30, periodSeconds: 60 });
    expect(jm.readinessProbe).toMatchObject({ tcpSocket: { port: "webui" } });
  });
});

describe("Deployment and StatefulSet share one pod template", () => {
  it("differs only in the resource-id argument", () => {
    const d = structuredClone(tmTemplate({}));
    const s = structuredClone(tmTemplate({ taskManager: { kind: "StatefulSet" } }));
    const sArgs = container(s, "taskmanager").args!;
    expect(sArgs).toContain("-Dtaskmanager.resource-id=$(POD_NAME)");
    container(s, "taskmanager").args = sArgs.filter((a) => !a.startsWith("-Dtaskmanager.resource-id"));
    expect(s).toEqual(d);
  });
});

describe("local recovery (StatefulSet)", () => {
  const tmValues: NonNullable<ValuesOverride["taskManager"]> = {
    kind: "StatefulSet",
    replicas: 2,
    persistence: {
      enabled: true,
      size: "5Gi",
      storageClassName: "fast",
      accessModes: ["ReadWriteOnce"],
      mountPath: "/pv",
    },
    localRecovery: { enabled: true },
  };
  const m = render({ values: { taskManager: tmValues } });
  const sts = m.get("StatefulSet", "rel-flink-taskmanager");
  const tm = container(podTemplate(sts), "taskmanager");

  it("gives each TaskManager a volume from volumeClaimTemplates (size, class, access modes)", () => {
    expect(sts.spec?.volumeClaimTemplates).toHaveLength(1);
    const vct = sts.spec!.volumeClaimTemplates![0]!;
    expect(vct.metadata?.name).toBe("working-dir");
    expect(vct.spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "fast",
      resources: { requests: { storage: "5Gi" } },
    });
    expect(tm.volumeMounts).toContainEqual({ name: "working-dir", mountPath: "/pv" });
  });

  it("uses the pod name as taskmanager.resource-id", () => {
    expect(tm.args).toContain("-Dtaskmanager.resource-id=$(POD_NAME)");
    expect(tm.env).toContainEqual({ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
  });

  it("puts the working directory on the volume and sets the Flink 2.x local-recovery keys", () => {
    expect(m.flinkConfig()).toMatchObject({
      "process.taskmanager.working-dir": "/pv",
      "execution.state-recovery.from-local": true,
      "execution.checkpointing.local-backup.enabled": true,
    });
    expect(m.flinkConfig()).not.toHaveProperty("state.backend.local-recovery");
  });

  it("deletes the TaskManager volumes with the StatefulSet by default and keeps them on scale-down", () => {
    expect(sts.spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Delete", whenScaled: "Retain" });
    const custom = render({
      values: {
        taskManager: {
          ...tmValues,
          persistence: { ...tmValues.persistence, retentionPolicy: { whenDeleted: "Retain" } },
        },
      },
    });
    expect(custom.get("StatefulSet").spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain" });
  });

  it("starts TaskManagers in parallel", () => {
    expect(sts.spec?.podManagementPolicy).toBe("Parallel");
  });

  it("omits the storage class when empty (cluster default)", () => {
    const s = render({ values: { taskManager: { ...tmValues, persistence: { enabled: true } } } }).get("StatefulSet");
    expect(s.spec?.volumeClaimTemplates?.[0]?.spec?.storageClassName).toBeUndefined();
  });

  it("is refused without a StatefulSet or without a volume", () => {
    expect(renderError({ values: { taskManager: { localRecovery: { enabled: true } } } })).toMatch(
      /taskManager\.localRecovery\.enabled=true needs taskManager\.kind=StatefulSet/,
    );
    expect(renderError({ values: { taskManager: { kind: "StatefulSet", localRecovery: { enabled: true } } } })).toMatch(
      /needs taskManager\.persistence\.enabled=true/,
    );
  });

  it("keeps the slot count env in line with the configuration", () => {
    expect(envValue(tm, "TASK_MANAGER_NUMBER_OF_TASK_SLOTS")).toBe(
      String(m.flinkConfig()["taskmanager.numberOfTaskSlots"]),
    );
  });
});
