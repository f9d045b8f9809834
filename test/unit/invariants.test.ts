// Cross-cutting invariants: selectors are a subset of pod labels and do not change across upgrades,
// names fit 63 characters for the longest release name, no duplicate env/port/volume names, and the
// config checksum changes when, and only when, the configuration changes.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { V1Deployment, V1StatefulSet } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../harness/versions.ts";
import { allContainers, pods } from "../lib/pods.ts";
import { podTemplate, render, type Manifest } from "../lib/render.ts";
import type { ValuesOverride } from "../../harness/values.ts";

const examples = readdirSync(path.join(repoRoot, "values-examples"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => `values-examples/${f}`);
const everything: ValuesOverride = {
  highAvailability: { enabled: true, storageDir: "file:///x" },
  metrics: { enabled: true, serviceMonitor: { enabled: true }, podMonitor: { enabled: true } },
  networkPolicy: { enabled: true },
  ingress: { enabled: true },
  storage: { pvc: { enabled: true } },
  jobManager: { podDisruptionBudget: { enabled: true } },
  taskManager: { kind: "StatefulSet", podDisruptionBudget: { enabled: true } },
};
const LONGEST_RELEASE = "r".repeat(53);

const workloads = (m: Manifest): (V1Deployment | V1StatefulSet)[] =>
  [...m.all("Deployment"), ...m.all("StatefulSet")] as unknown as (V1Deployment | V1StatefulSet)[];
const selectors = (m: Manifest): Record<string, unknown> =>
  Object.fromEntries([
    ...workloads(m).map((w) => [`${w.kind}/${w.metadata?.name}`, w.spec?.selector]),
    ...m.all("Service").map((s) => [`Service/${s.metadata.name}`, (s.spec as { selector?: unknown }).selector]),
  ]);

describe.each(examples)("invariants of %s", (file) => {
  const m = render({ valuesFiles: [file] });

  it("workload and Service selectors are subsets of the pod labels, using only name, instance, component", () => {
    for (const w of workloads(m)) {
      const sel = w.spec!.selector.matchLabels!;
      expect(Object.keys(sel).sort()).toEqual([
        "app.kubernetes.io/component",
        "app.kubernetes.io/instance",
        "app.kubernetes.io/name",
      ]);
      expect(podTemplate(w).metadata?.labels).toMatchObject(sel);
    }
    const podLabels = workloads(m).map((w) => podTemplate(w).metadata?.labels ?? {});
    for (const s of m.all("Service")) {
      const sel = (s.spec as { selector?: Record<string, string> }).selector ?? {};
      expect(
        podLabels.some((l) => Object.entries(sel).every(([k, v]) => l[k] === v)),
        s.metadata.name,
      ).toBe(true);
    }
  });

  it("selectors stay the same across an upgrade to another chart version, image and values", () => {
    const upgraded = render({
      valuesFiles: [file],
      set: ["image.tag=2.2.1-scala_2.12", "taskManager.replicas=5", "commonLabels.team=x"],
    });
    expect(selectors(upgraded)).toEqual(selectors(m));
  });

  it("has no duplicate env, port, volume mount or volume names", () => {
    for (const p of pods(m)) {
      const volumes = (p.spec.volumes ?? []).map((v) => v.name);
      expect(new Set(volumes).size, `${p.owner} volumes`).toBe(volumes.length);
      for (const c of allContainers(p.spec)) {
        for (const names of [
          (c.env ?? []).map((e) => e.name),
          (c.ports ?? []).map((x) => x.name),
          (c.volumeMounts ?? []).map((v) => v.mountPath),
        ]) {
          expect(new Set(names).size, `${p.owner}/${c.name}: ${names.join(",")}`).toBe(names.length);
        }
        for (const vm of c.volumeMounts ?? [])
          expect([...volumes, ...p.claimTemplates], `${p.owner}/${c.name}`).toContain(vm.name);
      }
      const containers = allContainers(p.spec).map((c) => c.name);
      expect(new Set(containers).size).toBe(containers.length);
    }
  });
});

describe("names", () => {
  it.each([...examples.map((f) => [f, {}] as const), ["everything on", everything] as const])(
    "stay within 63 characters for a 53-character release (%s)",
    (file, values) => {
      const m = render({ releaseName: LONGEST_RELEASE, valuesFiles: file.endsWith(".yaml") ? [file] : [], values });
      for (const o of m.all()) {
        expect(o.metadata.name.length, o.metadata.name).toBeLessThanOrEqual(63);
        expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        for (const v of Object.values(o.metadata.labels ?? {})) expect(v.length).toBeLessThanOrEqual(63);
      }
      for (const s of m.all("StatefulSet")) expect(s.metadata.name.length).toBeLessThanOrEqual(52);
      const conf = m.flinkConfig();
      if (conf["kubernetes.cluster-id"]) expect(String(conf["kubernetes.cluster-id"]).length).toBeLessThanOrEqual(63);
    },
  );

  it("keep distinct suffixes after truncation", () => {
    const m = render({ releaseName: LONGEST_RELEASE, values: everything });
    const names = m.all().map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(m.all("Service").map((s) => s.metadata.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/-jobmanager$/),
        expect.stringMatching(/-rest$/),
        expect.stringMatching(/-taskmanager-headless$/),
      ]),
    );
  });

  it("follow the agreed scheme", () => {
    const m = render({ values: everything });
    expect(
      m
        .all()
        .map((o) => `${o.kind}/${o.metadata.name}`)
        .sort(),
    ).toEqual(
      [
        "ConfigMap/rel-flink-config",
        "ConfigMap/rel-flink-jobmanager-scripts",
        "CronJob/rel-flink-savepoints",
        "Deployment/rel-flink-jobmanager",
        "Ingress/rel-flink",
        "Job/rel-flink-uninstall-cleanup",
        "NetworkPolicy/rel-flink",
        "PersistentVolumeClaim/rel-flink-data",
        "Pod/rel-flink-test-overview",
        "PodDisruptionBudget/rel-flink-jobmanager",
        "PodDisruptionBudget/rel-flink-taskmanager",
        "PodMonitor/rel-flink",
        "Role/rel-flink",
        "Role/rel-flink-uninstall-cleanup",
        "Role/rel-flink-lifecycle",
        "RoleBinding/rel-flink",
        "RoleBinding/rel-flink-uninstall-cleanup",
        "RoleBinding/rel-flink-lifecycle",
        "Service/rel-flink-jobmanager",
        "Service/rel-flink-metrics",
        "Service/rel-flink-rest",
        "Service/rel-flink-taskmanager-headless",
        "ServiceAccount/rel-flink",
        "ServiceAccount/rel-flink-uninstall-cleanup",
        "ServiceAccount/rel-flink-lifecycle",
        "ServiceMonitor/rel-flink",
        "StatefulSet/rel-flink-taskmanager",
      ].sort(),
    );
  });
});

describe("config checksum", () => {
  const checksum = (values: ValuesOverride): string[] => {
    const m = render({ values });
    return workloads(m).map((w) => podTemplate(w).metadata?.annotations?.["checksum/config"] ?? "");
  };
  const base = checksum({});

  it("is the same on every Flink pod", () => {
    expect(new Set(base).size).toBe(1);
    expect(base[0]).toMatch(/^[a-f0-9]{64}$/);
  });

  it.each([
    ["a Flink key", { flinkConfiguration: { "parallelism.default": 4 } }],
    ["the log level", { logging: { rootLevel: "DEBUG" } }],
    ["the slot count", { taskManager: { numberOfTaskSlots: 3 } }],
    ["the memory limit (and so the process size)", { taskManager: { resources: { limits: { memory: "2Gi" } } } }],
    ["HA", { highAvailability: { enabled: true, storageDir: "file:///x" } }],
  ] as [string, ValuesOverride][])("changes with %s", (_name, values) => {
    expect(checksum(values)[0]).not.toBe(base[0]);
  });

  it.each([
    ["replicas", { taskManager: { replicas: 4 } }],
    ["the image tag", { image: { tag: "2.2.1-scala_2.12" } }],
    ["pod annotations and labels", { jobManager: { podAnnotations: { a: "b" }, podLabels: { c: "d" } } }],
    ["CPU requests", { taskManager: { resources: { requests: { cpu: "2" } } } }],
    ["common labels", { commonLabels: { team: "x" } }],
    ["the REST Service type", { rest: { service: { type: "NodePort" } } }],
  ] as [string, ValuesOverride][])("does not change with %s", (_name, values) => {
    expect(checksum(values)[0]).toBe(base[0]);
  });
});
