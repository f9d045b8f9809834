// values.schema.json rejects unknown and mistyped values (checked with ajv and through
// helm), and contradictory values fail rendering with a message naming the value to change.
import { describe, expect, it } from "vitest";
import { mergeValues } from "../../harness/helm.ts";
import { render, renderError } from "../lib/render.ts";
import { defaultValues, schemaErrors, type ValuesOverride } from "../../harness/values.ts";

const withDefaults = (patch: (v: Record<string, unknown>) => void): unknown => {
  const v = structuredClone(defaultValues()) as unknown as Record<string, unknown>;
  patch(v);
  return v;
};
const section = (v: Record<string, unknown>, key: string): Record<string, unknown> => v[key] as Record<string, unknown>;

describe("values.schema.json", () => {
  it("is draft-07 and closed at the top level", async () => {
    const schema = (await import("../../charts/flink/values.schema.json", { with: { type: "json" } })).default as {
      $schema: string;
      additionalProperties: boolean;
    };
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.additionalProperties).toBe(false);
  });

  const bad: [string, (v: Record<string, unknown>) => void, RegExp][] = [
    ["an unknown top-level value", (v) => (v.replicaCount = 2), /additional properties.*replicaCount|replicaCount/],
    ["a typo in a nested value", (v) => (section(v, "image").pullPolcy = "Always"), /pullPolcy/],
    ["a mistyped number", (v) => (section(v, "taskManager").replicas = "two"), /replicas/],
    ["an unknown mode", (v) => (v.mode = "per-job"), /mode/],
    ["an invalid controller kind", (v) => (section(v, "taskManager").kind = "DaemonSet"), /kind/],
    ["an out-of-range port", (v) => (section(section(v, "jobManager"), "ports").rpc = 70000), /rpc/],
    ["a bad REST service type", (v) => (section(section(v, "rest"), "service").type = "ExternalName"), /type/],
    ["a bad image digest", (v) => (section(v, "image").digest = "latest"), /digest/],
    [
      "a bad probe field",
      (v) => (section(section(v, "taskManager"), "livenessProbe").initialDelay = 3),
      /initialDelay/,
    ],
  ];

  it.each(bad)("rejects %s (ajv)", (_name, patch, message) => {
    expect(schemaErrors(withDefaults(patch)).join("\n")).toMatch(message);
  });

  it.each([
    ["image.pullPolcy=Always", /pullPolcy/],
    ["taskManager.replicas=two", /replicas/],
    ["unknownValue=1", /unknownValue/],
    ["rest.service.type=Foo", /type/],
  ])("rejects --set %s (helm)", (set, message) => {
    expect(renderError({ set: [set] })).toMatch(message);
  });
});

describe("Kubernetes objects passed in values are checked against the Kubernetes API schema", () => {
  // Each misspelt field used to be dropped silently by the API server at install.
  const misspelt: [string, ValuesOverride, RegExp][] = [
    [
      "an extraEnv item",
      { taskManager: { extraEnv: [{ name: "A", valu: "b" } as never] } },
      /taskManager.extraEnv.0.*valu/,
    ],
    [
      "an extraEnvFrom source",
      { jobManager: { extraEnvFrom: [{ secretRef: { nmae: "s" } } as never] } },
      /jobManager.extraEnvFrom.0.secretRef.*nmae/,
    ],
    ["a volume", { jobManager: { extraVolumes: [{ name: "v", emptydir: {} } as never] } }, /extraVolumes.0.*emptydir/],
    [
      "a volume mount",
      { taskManager: { extraVolumeMounts: [{ name: "v", mountpath: "/v" } as never] } },
      /extraVolumeMounts.0.*mountpath/,
    ],
    [
      "a sidecar",
      { taskManager: { sidecars: [{ name: "s", image: "busybox", comand: ["sleep"] } as never] } },
      /taskManager.sidecars.0.*comand/,
    ],
    [
      "an init container's resources",
      { jobManager: { initContainers: [{ name: "i", image: "busybox", resources: { limit: {} } } as never] } },
      /initContainers.0.resources.*limit/,
    ],
    ["affinity", { jobManager: { affinity: { nodeAfinity: {} } as never } }, /jobManager.affinity.*nodeAfinity/],
    [
      "a toleration",
      { taskManager: { tolerations: [{ key: "k", operator: "Exists", efect: "NoSchedule" } as never] } },
      /tolerations.0.*efect/,
    ],
    [
      "a topology spread constraint",
      { taskManager: { topologySpreadConstraints: [{ maxskew: 1 } as never] } },
      /topologySpreadConstraints.0.*maxskew/,
    ],
    ["container resources", { taskManager: { resources: { limit: { memory: "2Gi" } } as never } }, /resources.*limit/],
    [
      "the container security context",
      { securityContext: { readOnlyRootFileSystem: true } as never },
      /readOnlyRootFileSystem/,
    ],
    ["the pod security context", { podSecurityContext: { fsgroup: 9999 } as never }, /podSecurityContext.*fsgroup/],
    [
      "a NetworkPolicy peer",
      { networkPolicy: { enabled: true, restFrom: [{ podselector: {} } as never] } },
      /restFrom.0.*podselector/,
    ],
    [
      "a StatefulSet retention policy",
      { taskManager: { persistence: { retentionPolicy: { whenDelete: "Retain" } as never } } },
      /retentionPolicy.*whenDelete/,
    ],
    ["an ingress TLS entry", { ingress: { tls: [{ secretname: "t" } as never] } }, /ingress.tls.0.*secretname/],
  ];

  it.each(misspelt)("refuses a misspelt field in %s at install, naming the value (helm)", (_what, values, message) => {
    expect(renderError({ values })).toMatch(message);
  });

  it.each(misspelt)("refuses a misspelt field in %s (ajv, the typed values' schema)", (_what, values) => {
    const v = structuredClone(defaultValues()) as unknown as Record<string, unknown>;
    const merged = mergeValues(v as ValuesOverride, values);
    expect(schemaErrors(merged).join("\n")).toMatch(/additionalProperty/);
  });

  it("accepts correct Kubernetes objects in every such value", () => {
    const values: ValuesOverride = {
      taskManager: {
        extraEnv: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        extraVolumes: [{ name: "v", emptyDir: { sizeLimit: "1Gi" } }],
        extraVolumeMounts: [{ name: "v", mountPath: "/v", readOnly: true }],
        sidecars: [
          { name: "s", image: "busybox", command: ["sleep", "3600"], resources: { limits: { memory: "16Mi" } } },
        ],
        tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
      },
      networkPolicy: { enabled: true, restFrom: [{ podSelector: { matchLabels: { a: "b" } } }] },
    };
    expect(schemaErrors(mergeValues(defaultValues() as ValuesOverride, values))).toEqual([]);
    expect(() => render({ values })).not.toThrow();
  });
});

describe("contradictions fail with the value to change", () => {
  const cases: [string, ValuesOverride, RegExp][] = [
    [
      "standby JobManagers without HA",
      { jobManager: { replicas: 2 } },
      /jobManager\.replicas=2 needs highAvailability\.enabled=true/,
    ],
    ["HA without a storage dir", { highAvailability: { enabled: true } }, /highAvailability\.storageDir is required/],
    [
      "application mode without a job class",
      { mode: "application" },
      /application\.jobClassName is required when mode=application/,
    ],
    [
      "local recovery without a StatefulSet",
      { taskManager: { localRecovery: { enabled: true }, persistence: { enabled: true } } },
      /taskManager\.localRecovery\.enabled=true needs taskManager\.kind=StatefulSet/,
    ],
    [
      "local recovery without a volume",
      { taskManager: { kind: "StatefulSet", localRecovery: { enabled: true } } },
      /taskManager\.persistence\.enabled=true/,
    ],
    [
      "TaskManager volumes without a StatefulSet",
      { taskManager: { persistence: { enabled: true } } },
      /taskManager\.persistence\.enabled=true needs taskManager\.kind=StatefulSet/,
    ],
    [
      "TaskManager memory above the limit",
      { flinkConfiguration: { "taskmanager.memory.process.size": "4g" } },
      /flinkConfiguration\.taskmanager\.memory\.process\.size \(4g\) is larger than taskManager\.resources\.limits\.memory \(1728Mi\)/,
    ],
    [
      "JobManager memory above the limit",
      {
        jobManager: { resources: { limits: { memory: "1Gi" } } },
        flinkConfiguration: { jobmanager: { memory: { process: { size: "1100m" } } } },
      },
      /jobmanager\.memory\.process\.size \(1100m\) is larger than jobManager\.resources\.limits\.memory \(1Gi\)/,
    ],
    [
      "Flink total memory above the limit",
      { flinkConfiguration: { "taskmanager.memory.flink.size": "2g" } },
      /flinkConfiguration\.taskmanager\.memory\.flink\.size \(2g\) is larger than taskManager\.resources\.limits\.memory/,
    ],
    [
      "an unreadable memory limit",
      { taskManager: { resources: { limits: { memory: "lots" } } } },
      /taskManager\.resources\.limits\.memory: cannot read "lots"/,
    ],
    [
      "a port set in flinkConfiguration",
      { flinkConfiguration: { "blob.server.port": 7000 } },
      /flinkConfiguration\.blob\.server\.port: ports are set with jobManager\.ports\.blob/,
    ],
    [
      "HA type set without highAvailability",
      { flinkConfiguration: { "high-availability.type": "kubernetes" } },
      /enable HA with highAvailability\.enabled=true/,
    ],
    [
      "both storages",
      { storage: { pvc: { enabled: true }, s3: { enabled: true, bucket: "b" } } },
      /storage\.s3\.enabled and storage\.pvc\.enabled are both true/,
    ],
    [
      "a PVC artifact source without a claim",
      { artifacts: { source: "pvc" } },
      /artifacts\.pvc\.claimName is required/,
    ],
    [
      "an init-container artifact source with nothing to fetch",
      { artifacts: { source: "initContainer" } },
      /artifacts\.initContainer\.copyFrom or artifacts\.initContainer\.urls is required/,
    ],
    [
      "a node port on a ClusterIP Service",
      { rest: { service: { nodePort: 30081 } } },
      /rest\.service\.nodePort needs rest\.service\.type=NodePort/,
    ],
    [
      "monitors without metrics",
      { metrics: { podMonitor: { enabled: true } } },
      /metrics\.podMonitor\/serviceMonitor need metrics\.enabled=true/,
    ],
    [
      "a PDB with both bounds",
      { taskManager: { podDisruptionBudget: { enabled: true, minAvailable: 1, maxUnavailable: 1 } } },
      /taskManager\.podDisruptionBudget: set minAvailable or maxUnavailable, not both/,
    ],
    [
      "HA without RBAC or an account",
      { highAvailability: { enabled: true, storageDir: "file:///x" }, rbac: { create: false } },
      /rbac\.create=false: set serviceAccount\.name/,
    ],
  ];

  it.each(cases)("%s", (_name, values, message) => {
    expect(renderError({ values })).toMatch(message);
  });
});
