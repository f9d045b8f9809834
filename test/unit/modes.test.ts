// Session mode (jobmanager + TaskManager pool) and application mode
// (standalone-job with its options; artifacts at /opt/flink/usrlib from an image, a PVC or an init container).
import { describe, expect, it } from "vitest";
import { container, podTemplate, render } from "../lib/render.ts";
import type { ValuesOverride } from "../../harness/values.ts";

const jmOf = (values: ValuesOverride) => {
  const m = render({ values });
  return {
    m,
    t: podTemplate(m.get("Deployment", "rel-flink-jobmanager")),
    jm: container(podTemplate(m.get("Deployment", "rel-flink-jobmanager")), "jobmanager"),
  };
};
const app: ValuesOverride = { mode: "application", application: { jobClassName: "com.example.Job" } };

describe("session mode", () => {
  const { m, jm } = jmOf({ taskManager: { replicas: 3 } });

  it("runs the JobManager with the `jobmanager` argument", () => {
    expect(jm.args?.[0]).toBe("jobmanager");
    expect(jm.args).not.toContain("standalone-job");
  });

  it("renders a pool of TaskManagers of the requested size", () => {
    const tm = m.get("Deployment", "rel-flink-taskmanager");
    expect(tm.spec?.replicas).toBe(3);
    expect(container(podTemplate(tm), "taskmanager").args?.[0]).toBe("taskmanager");
  });

  it("keeps the cluster up after jobs finish (no shutdown-on-finish override)", () => {
    expect(m.flinkConfig()).not.toHaveProperty("execution.shutdown-on-application-finish");
  });
});

describe("application mode", () => {
  it("runs standalone-job with the job class", () => {
    const { jm, m } = jmOf(app);
    expect(jm.args).toEqual(["standalone-job", "--job-classname", "com.example.Job", "-D", "blob.server.port=6124"]);
    expect(m.flinkConfig()["execution.shutdown-on-application-finish"]).toBe(false);
  });

  it("passes jars, then the job arguments last; job id, savepoint and allowNonRestoredState go to config.yaml", () => {
    const { jm, m } = jmOf({
      ...app,
      application: {
        jobClassName: "com.example.Job",
        jobId: "00000000000000000000000000000042",
        jars: ["/opt/flink/usrlib/a.jar", "/opt/flink/usrlib/b.jar"],
        fromSavepoint: "file:///flink-data/savepoints/sp-1",
        allowNonRestoredState: true,
        args: ["--input", "x y"],
      },
    });
    expect(jm.args).toEqual([
      "standalone-job",
      "--job-classname",
      "com.example.Job",
      "--jars",
      "/opt/flink/usrlib/a.jar,/opt/flink/usrlib/b.jar",
      "-D",
      "blob.server.port=6124",
      "--input",
      "x y",
    ]);
    // In config.yaml, where the lifecycle's FLINK_PROPERTIES (a savepoint upgrade's start point) can replace them.
    expect(m.flinkConfig()).toMatchObject({
      "$internal.pipeline.job-id": "00000000000000000000000000000042",
      "execution.state-recovery.path": "file:///flink-data/savepoints/sp-1",
      "execution.state-recovery.ignore-unclaimed-state": true,
    });
  });

  it("runs the JobManager as a Deployment (upgradable), never as a batch Job (Jobs are lifecycle hooks only)", () => {
    const { m } = jmOf(app);
    expect(m.find("Deployment", "rel-flink-jobmanager")).toBeDefined();
    for (const job of m.all("Job")) expect(job.metadata?.annotations?.["helm.sh/hook"]).toBeTruthy();
  });
});

describe("job artifacts at /opt/flink/usrlib", () => {
  const usrlibMounts = (values: ValuesOverride) => {
    const m = render({ values: { ...app, ...values } });
    return [
      podTemplate(m.get("Deployment", "rel-flink-jobmanager")),
      podTemplate(m.get("Deployment", "rel-flink-taskmanager")),
    ];
  };

  it("uses the image's own /opt/flink/usrlib by default (source: image)", () => {
    for (const t of usrlibMounts({})) {
      expect(t.spec!.containers[0]!.volumeMounts?.some((v) => v.mountPath === "/opt/flink/usrlib")).toBe(false);
    }
  });

  it("mounts an existing PVC read-only on JobManager and TaskManagers (source: pvc)", () => {
    for (const t of usrlibMounts({ artifacts: { source: "pvc", pvc: { claimName: "jars", subPath: "v1" } } })) {
      expect(t.spec!.volumes).toContainEqual({
        name: "flink-usrlib",
        persistentVolumeClaim: { claimName: "jars", readOnly: true },
      });
      expect(t.spec!.containers[0]!.volumeMounts).toContainEqual({
        name: "flink-usrlib",
        mountPath: "/opt/flink/usrlib",
        readOnly: true,
        subPath: "v1",
      });
    }
  });

  it("fills an emptyDir with an init container that copies or downloads the jars (source: initContainer)", () => {
    const values: ValuesOverride = {
      artifacts: {
        source: "initContainer",
        initContainer: { image: "registry.example/jobs:1", copyFrom: "/jars", urls: ["https://repo.example/job.jar"] },
      },
    };
    for (const t of usrlibMounts(values)) {
      const init = container(t, "flink-artifacts");
      expect(init.image).toBe("registry.example/jobs:1");
      const script = init.command!.join("\n");
      expect(script).toContain('cp -R "/jars"/. /opt/flink/usrlib/');
      expect(script).toMatch(/curl -fsSL -o "\$f" "https:\/\/repo\.example\/job\.jar"; else wget -q -O "\$f"/);
      expect(init.volumeMounts).toContainEqual({ name: "flink-usrlib", mountPath: "/opt/flink/usrlib" });
      expect(t.spec!.volumes).toContainEqual({ name: "flink-usrlib", emptyDir: {} });
      expect(t.spec!.containers[0]!.volumeMounts).toContainEqual({
        name: "flink-usrlib",
        mountPath: "/opt/flink/usrlib",
        readOnly: true,
      });
    }
  });

  it("defaults the artifacts init container to the Flink image", () => {
    const [jm] = usrlibMounts({
      artifacts: {
        source: "initContainer",
        initContainer: { copyFrom: "/opt/flink/examples/streaming/StateMachineExample.jar" },
      },
    });
    expect(container(jm!, "flink-artifacts").image).toBe("docker.io/apache/flink:2.2.0-scala_2.12");
  });
});
