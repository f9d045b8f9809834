// Durable storage for HA metadata and checkpoints: a shared PVC, or S3-compatible object
// storage through Flink's built-in plugin with credentials from a Secret only.
import type { V1Deployment } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { container, envValue, podTemplate, render, renderError } from "../lib/render.ts";

describe("shared PVC", () => {
  const m = render({
    values: {
      highAvailability: { enabled: true },
      storage: { pvc: { enabled: true, size: "3Gi", storageClassName: "standard" } },
    },
  });

  it("creates <fullname>-data and mounts it at /flink-data on JobManagers and TaskManagers", () => {
    const pvc = m.all("PersistentVolumeClaim")[0]!;
    expect(pvc.metadata.name).toBe("rel-flink-data");
    expect(pvc.spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "standard",
      resources: { requests: { storage: "3Gi" } },
    });
    for (const w of [m.get("Deployment", "rel-flink-jobmanager"), m.get("Deployment", "rel-flink-taskmanager")]) {
      const t = podTemplate(w);
      expect(t.spec?.volumes).toContainEqual({
        name: "flink-data",
        persistentVolumeClaim: { claimName: "rel-flink-data" },
      });
      expect(t.spec?.containers[0]?.volumeMounts).toContainEqual({ name: "flink-data", mountPath: "/flink-data" });
    }
  });

  it("hosts HA metadata, checkpoints and savepoints unless they are set", () => {
    expect(m.flinkConfig()).toMatchObject({
      "high-availability.storageDir": "file:///flink-data/ha",
      "execution.checkpointing.dir": "file:///flink-data/checkpoints",
      "execution.checkpointing.savepoint-dir": "file:///flink-data/savepoints",
    });
    const c = render({
      values: {
        storage: { pvc: { enabled: true } },
        flinkConfiguration: { "execution.checkpointing.dir": "file:///elsewhere" },
      },
    }).flinkConfig();
    expect(c["execution.checkpointing.dir"]).toBe("file:///elsewhere");
  });

  it("is deleted with the release unless kept explicitly or by keeping the HA ConfigMaps", () => {
    const keepAnnotation = (values: Parameters<typeof render>[0]) =>
      render(values).all("PersistentVolumeClaim")[0]!.metadata.annotations?.["helm.sh/resource-policy"];
    const base = { highAvailability: { enabled: true }, storage: { pvc: { enabled: true } } };
    expect(keepAnnotation({ values: base })).toBeUndefined();
    expect(keepAnnotation({ values: { ...base, storage: { pvc: { enabled: true, keepOnUninstall: true } } } })).toBe(
      "keep",
    );
    expect(
      keepAnnotation({ values: { ...base, highAvailability: { enabled: true, keepConfigMapsOnUninstall: true } } }),
    ).toBe("keep");
  });

  it("uses an existing claim without creating one", () => {
    const e = render({ values: { storage: { pvc: { enabled: true, existingClaim: "shared" } } } });
    expect(e.all("PersistentVolumeClaim")).toEqual([]);
    expect(podTemplate(e.get("Deployment", "rel-flink-jobmanager")).spec?.volumes).toContainEqual({
      name: "flink-data",
      persistentVolumeClaim: { claimName: "shared" },
    });
  });
});

describe("S3-compatible object storage", () => {
  const s3 = {
    enabled: true,
    endpoint: "http://minio:9000",
    bucket: "flink",
    prefix: "c1",
    existingSecret: "s3-creds",
  };
  const m = render({ values: { highAvailability: { enabled: true }, storage: { s3 } } });

  it("sets Flink's s3 keys and the state directories", () => {
    expect(m.flinkConfig()).toMatchObject({
      "s3.endpoint": "http://minio:9000",
      "s3.path.style.access": true,
      "high-availability.storageDir": "s3://flink/c1/ha",
      "execution.checkpointing.dir": "s3://flink/c1/checkpoints",
      "execution.checkpointing.savepoint-dir": "s3://flink/c1/savepoints",
    });
  });

  it("enables the built-in presto plugin (or hadoop) on every Flink pod with a writable plugins dir", () => {
    for (const w of [m.get("Deployment", "rel-flink-jobmanager"), m.get("Deployment", "rel-flink-taskmanager")]) {
      const t = podTemplate(w);
      const main = t.spec!.containers[0]!;
      expect(envValue(main, "ENABLE_BUILT_IN_PLUGINS")).toBe("flink-s3-fs-presto-2.2.0.jar");
      expect(main.volumeMounts).toContainEqual({ name: "flink-plugins", mountPath: "/opt/flink/plugins" });
      expect(container(t, "flink-config").command!.join("\n")).toContain("cp -R /opt/flink/plugins/. /mnt/plugins/");
    }
    const hadoop = render({
      values: { storage: { s3: { ...s3, plugin: "hadoop" } }, builtInPlugins: ["flink-gs-fs-hadoop-2.2.0.jar"] },
    });
    const main = container(podTemplate(hadoop.get("Deployment", "rel-flink-jobmanager")), "jobmanager");
    expect(envValue(main, "ENABLE_BUILT_IN_PLUGINS")).toBe("flink-gs-fs-hadoop-2.2.0.jar;flink-s3-fs-hadoop-2.2.0.jar");
  });

  it("reads credentials from the Secret into AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY", () => {
    const main = container(podTemplate(m.get("Deployment", "rel-flink-taskmanager")), "taskmanager");
    expect(main.env).toContainEqual({
      name: "AWS_ACCESS_KEY_ID",
      valueFrom: { secretKeyRef: { name: "s3-creds", key: "access-key-id" } },
    });
    expect(main.env).toContainEqual({
      name: "AWS_SECRET_ACCESS_KEY",
      valueFrom: { secretKeyRef: { name: "s3-creds", key: "secret-access-key" } },
    });
  });

  it("never puts credentials in values, ConfigMaps or plain env", () => {
    expect(m.all("Secret")).toEqual([]);
    expect(Object.keys(m.flinkConfig()).filter((k) => /access-key|secret-key|password/.test(k))).toEqual([]);
    for (const o of m.all("Deployment") as unknown as V1Deployment[]) {
      for (const c of podTemplate(o).spec!.containers) {
        for (const e of c.env ?? []) if (/SECRET|ACCESS_KEY/.test(e.name)) expect(e.value).toBeUndefined();
      }
    }
  });

  it("refuses both storages at once, and S3 without a bucket", () => {
    expect(renderError({ values: { storage: { s3, pvc: { enabled: true } } } })).toMatch(
      /storage\.s3\.enabled and storage\.pvc\.enabled are both true/,
    );
    expect(renderError({ values: { storage: { s3: { enabled: true } } } })).toMatch(/storage\.s3\.bucket is required/);
  });

  it("needs no plugins dir without plugins", () => {
    const t = podTemplate(render().get("Deployment", "rel-flink-jobmanager"));
    expect(t.spec?.volumes?.some((v) => v.name === "flink-plugins")).toBe(false);
  });
});
