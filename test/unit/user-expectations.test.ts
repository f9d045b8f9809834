// What chart users expect: image options, resources consistent with Flink memory,
// scheduling, annotations/labels, extra env/volumes/containers, PDBs, NetworkPolicy, metrics,
// NOTES.txt and the helm test pod.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { V1LabelSelector, V1PodDisruptionBudget, V1PodTemplateSpec } from "@kubernetes/client-node";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../harness/versions.ts";
import { helmNotes } from "../../harness/helm.ts";
import { envValue, podTemplate, render, type Manifest } from "../lib/render.ts";
import { runContainer } from "../lib/run-container.ts";

/** NetworkPolicy as rendered (client-node names the `from` field `_from`). */
interface NetworkPolicy {
  spec: {
    podSelector: V1LabelSelector;
    policyTypes: string[];
    ingress: { from?: { podSelector?: V1LabelSelector }[]; ports?: object[] }[];
  };
}

const templates = (m: Manifest): V1PodTemplateSpec[] => [
  podTemplate(m.get("Deployment", "rel-flink-jobmanager")),
  podTemplate(m.find("StatefulSet") ?? m.get("Deployment", "rel-flink-taskmanager")),
];

describe("image", () => {
  it("defaults to apache/flink:<appVersion>-scala_2.12", () => {
    const appVersion = (
      yaml.load(readFileSync(path.join(repoRoot, "charts/flink/Chart.yaml"), "utf8")) as { appVersion: string }
    ).appVersion;
    for (const t of templates(render()))
      expect(t.spec?.containers[0]?.image).toBe(`docker.io/apache/flink:${appVersion}-scala_2.12`);
  });

  it("takes registry, repository, tag, digest, pull policy and pull secrets", () => {
    const m = render({
      values: {
        image: {
          registry: "reg.example",
          repository: "team/flink",
          tag: "2.2.0-custom",
          digest: `sha256:${"a".repeat(64)}`,
          pullPolicy: "Always",
          pullSecrets: ["one", { name: "two" }],
        },
      },
    });
    for (const t of templates(m)) {
      for (const c of [...t.spec!.initContainers!, ...t.spec!.containers]) {
        expect(c.image).toBe(`reg.example/team/flink:2.2.0-custom@sha256:${"a".repeat(64)}`);
        expect(c.imagePullPolicy).toBe("Always");
      }
      expect(t.spec?.imagePullSecrets).toEqual([{ name: "one" }, { name: "two" }]);
    }
  });

  it("works without a registry prefix", () => {
    const m = render({ values: { image: { registry: "", repository: "flink-helm/flink", tag: "dev" } } });
    expect(templates(m)[0]!.spec?.containers[0]?.image).toBe("flink-helm/flink:dev");
  });
});

describe("resources and Flink memory", () => {
  it("derives process memory from the container memory limit", () => {
    const m = render({
      values: {
        jobManager: { resources: { limits: { memory: "2Gi" } } },
        taskManager: { resources: { limits: { memory: "1.5Gi" } } },
      },
    });
    expect(m.flinkConfig()["jobmanager.memory.process.size"]).toBe("2048m");
    expect(m.flinkConfig()["taskmanager.memory.process.size"]).toBe("1536m");
    expect(templates(m)[0]!.spec?.containers[0]?.resources?.limits).toEqual({ memory: "2Gi" });
  });

  it("keeps an explicit process size that fits the limit", () => {
    const c = render({ values: { flinkConfiguration: { "taskmanager.memory.process.size": "1g" } } }).flinkConfig();
    expect(c["taskmanager.memory.process.size"]).toBe("1g");
  });

  it("falls back to the docs' sizes without a limit", () => {
    const c = render({
      values: { jobManager: { resources: { limits: null } }, taskManager: { resources: { limits: null } } },
    }).flinkConfig();
    expect(c["jobmanager.memory.process.size"]).toBe("1600m");
    expect(c["taskmanager.memory.process.size"]).toBe("1728m");
  });
});

describe("scheduling, metadata and extensions", () => {
  const ext = {
    nodeSelector: { disk: "ssd" },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "k", operator: "Exists" }] }],
        },
      },
    },
    tolerations: [{ key: "dedicated", operator: "Equal", value: "flink", effect: "NoSchedule" }],
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { a: "b" } },
      },
    ],
    priorityClassName: "high",
    podAnnotations: { "example.com/a": "1" },
    podLabels: { team: "data" },
    annotations: { "example.com/controller": "x" },
    labels: { tier: "compute" },
    extraEnv: [{ name: "EXTRA", value: "1" }],
    extraEnvFrom: [{ configMapRef: { name: "env-cm" } }],
    extraVolumes: [{ name: "extra", emptyDir: {} }],
    extraVolumeMounts: [{ name: "extra", mountPath: "/extra" }],
    initContainers: [{ name: "wait", image: "busybox", command: ["true"] }],
    sidecars: [{ name: "shipper", image: "fluent-bit" }],
  };
  const m = render({ values: { jobManager: ext, taskManager: ext } });

  it.each([0, 1])("applies them to the JobManager and TaskManager pods (%i)", (i) => {
    const t = templates(m)[i]!;
    const s = t.spec!;
    expect(s.nodeSelector).toEqual(ext.nodeSelector);
    expect(s.affinity).toEqual(ext.affinity);
    expect(s.tolerations).toEqual(ext.tolerations);
    expect(s.topologySpreadConstraints).toEqual(ext.topologySpreadConstraints);
    expect(s.priorityClassName).toBe("high");
    expect(t.metadata?.annotations?.["example.com/a"]).toBe("1");
    expect(t.metadata?.annotations?.["checksum/config"]).toMatch(/^[a-f0-9]{64}$/);
    expect(t.metadata?.labels?.team).toBe("data");
    const main = s.containers[0]!;
    expect(envValue(main, "EXTRA")).toBe("1");
    expect(main.envFrom).toEqual(ext.extraEnvFrom);
    expect(s.volumes).toContainEqual({ name: "extra", emptyDir: {} });
    expect(main.volumeMounts).toContainEqual({ name: "extra", mountPath: "/extra" });
    expect(s.initContainers?.map((c) => c.name)).toEqual(["flink-config", "wait"]);
    expect(s.containers.map((c) => c.name)).toContain("shipper");
  });

  it("labels and annotates the controllers", () => {
    for (const w of [m.get("Deployment", "rel-flink-jobmanager"), m.get("Deployment", "rel-flink-taskmanager")]) {
      expect(w.metadata?.annotations).toEqual(ext.annotations);
      expect(w.metadata?.labels?.tier).toBe("compute");
    }
  });
});

describe("PodDisruptionBudgets", () => {
  it("are off by default and select one component each", () => {
    expect(render().all("PodDisruptionBudget")).toEqual([]);
    const m = render({
      values: {
        jobManager: { podDisruptionBudget: { enabled: true, minAvailable: 1 } },
        taskManager: { podDisruptionBudget: { enabled: true } },
      },
    });
    const [jm, tm] = m.all("PodDisruptionBudget") as unknown as V1PodDisruptionBudget[];
    expect(jm?.spec).toEqual({
      minAvailable: 1,
      selector: {
        matchLabels: {
          "app.kubernetes.io/name": "flink",
          "app.kubernetes.io/instance": "rel",
          "app.kubernetes.io/component": "jobmanager",
        },
      },
    });
    expect(tm?.spec?.maxUnavailable).toBe(1);
    expect(tm?.spec?.selector?.matchLabels?.["app.kubernetes.io/component"]).toBe("taskmanager");
  });
});

describe("NetworkPolicy", () => {
  it("lets release pods talk to each other and limits REST and metrics sources", () => {
    const from = [{ namespaceSelector: { matchLabels: { team: "ops" } } }];
    const np = render({
      values: { networkPolicy: { enabled: true, restFrom: from, metricsFrom: from }, metrics: { enabled: true } },
    }).all("NetworkPolicy")[0] as unknown as NetworkPolicy;
    expect(np.spec.policyTypes).toEqual(["Ingress"]);
    expect(np.spec.podSelector.matchLabels).toEqual({
      "app.kubernetes.io/name": "flink",
      "app.kubernetes.io/instance": "rel",
    });
    expect(np.spec.ingress[0]?.from?.[0]?.podSelector?.matchLabels).toEqual({
      "app.kubernetes.io/name": "flink",
      "app.kubernetes.io/instance": "rel",
    });
    expect(np.spec.ingress[1]).toEqual({ ports: [{ port: 8081, protocol: "TCP" }], from });
    expect(np.spec.ingress[2]).toEqual({ ports: [{ port: 9249, protocol: "TCP" }], from });
  });
});

describe("Prometheus metrics", () => {
  const m = render({
    values: {
      metrics: {
        enabled: true,
        podMonitor: { enabled: true, labels: { release: "prom" } },
        serviceMonitor: { enabled: true },
      },
    },
  });

  it("configures the reporter on 9249 and exposes a metrics port on JobManager and TaskManager", () => {
    expect(m.flinkConfig()).toMatchObject({
      "metrics.reporter.prom.factory.class": "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
      "metrics.reporter.prom.port": 9249,
    });
    for (const t of templates(m))
      expect(t.spec?.containers[0]?.ports).toContainEqual({ name: "metrics", containerPort: 9249, protocol: "TCP" });
  });

  it("renders a PodMonitor and a ServiceMonitor with the metrics Service it scrapes", () => {
    const pm = m.all("PodMonitor")[0]!;
    expect(pm.metadata.labels?.release).toBe("prom");
    expect(pm.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "flink", "app.kubernetes.io/instance": "rel" } },
      podMetricsEndpoints: [{ port: "metrics", interval: "30s" }],
    });
    const svc = m.get("Service", "rel-flink-metrics");
    expect(svc.spec?.ports?.[0]).toMatchObject({ name: "metrics", port: 9249 });
    const sm = m.all("ServiceMonitor")[0]!;
    expect((sm.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels).toEqual(
      Object.fromEntries(
        Object.entries(svc.metadata!.labels!).filter(
          ([k]) => k !== "helm.sh/chart" && k !== "app.kubernetes.io/version" && k !== "app.kubernetes.io/managed-by",
        ),
      ),
    );
  });

  it("is off by default", () => {
    const d = render();
    expect(d.flinkConfig()).not.toHaveProperty("metrics.reporter.prom.port");
    expect(d.all("PodMonitor")).toEqual([]);
  });
});

describe("NOTES.txt", () => {
  it("tells how to port-forward to the UI and submit a job", () => {
    const notes = helmNotes();
    expect(notes).toContain("kubectl port-forward --namespace flink service/rel-flink-rest 8081:8081");
    expect(notes).toMatch(/flink run -m/);
    expect(notes).toContain("helm test --namespace flink rel");
  });

  it("shows the node port URL for a NodePort REST Service", () => {
    const notes = helmNotes({ values: { rest: { service: { type: "NodePort", nodePort: 30081 } } } });
    expect(notes).toContain('-o jsonpath="{.spec.ports[0].nodePort}" services rel-flink-rest');
    expect(notes).not.toContain("port-forward");
  });
});

describe("helm test pod", () => {
  const overview = (taskmanagers: number, slots: number) => ({
    status: 200,
    body: `{"taskmanagers":${taskmanagers},"slots-total":${slots},"slots-available":${slots},"jobs-running":0,"flink-version":"2.2.0"}`,
  });
  const m = render({ values: { taskManager: { replicas: 3, numberOfTaskSlots: 4 } } });
  const pod = m.get("Pod", "rel-flink-test-overview");
  const c = pod.spec!.containers[0]!;

  it("is a test hook that expects replicas x slots", () => {
    expect(pod.metadata?.annotations?.["helm.sh/hook"]).toBe("test");
    expect(m.sourceOf("Pod", "rel-flink-test-overview")).toBe("flink/templates/tests/test-rest-overview.yaml");
    expect(envValue(c, "EXPECTED_TASKMANAGERS")).toBe("3");
    expect(envValue(c, "EXPECTED_SLOTS")).toBe("12");
    // Kubernetes turns "$$" in a container command into "$".
    expect(c.command!.join("\n")).not.toContain("$$");
  });

  it("polls /overview on the REST Service until every TaskManager and slot registered", () => {
    const run = runContainer(c, [{ status: 503, body: "starting" }, overview(2, 8), overview(3, 12)]);
    expect(run.requests).toEqual(Array(3).fill("GET http://rel-flink-rest:8081/overview"));
    expect(run.output).toMatch(/attempt 2: taskmanagers=2 slots-total=8 \(want 3 and 12\)/);
    expect(run.code).toBe(0);
  });

  it("fails after tests.attempts answers without them", () => {
    const run = runContainer(
      render({ values: { tests: { attempts: 4 } } }).get("Pod", "rel-flink-test-overview").spec!.containers[0]!,
      [overview(0, 0)],
    );
    expect(run.requests).toHaveLength(4);
    expect(run.output).toMatch(/did not report the expected TaskManagers and slots/);
    expect(run.code).not.toBe(0);
  });

  it("follows slots set through flinkConfiguration", () => {
    const pod = render({ values: { flinkConfiguration: { "taskmanager.numberOfTaskSlots": 5 } } }).get(
      "Pod",
      "rel-flink-test-overview",
    );
    expect(envValue(pod.spec!.containers[0]!, "EXPECTED_SLOTS")).toBe("5");
  });
});
