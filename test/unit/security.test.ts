// With default settings every pod (workloads, hook Job, test Pod) and every container
// satisfies the Kubernetes "restricted" Pod Security Standard, with a read-only root filesystem and
// writable emptyDirs where Flink writes.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { V1Container, V1PodSpec } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../harness/versions.ts";
import { allContainers, pods } from "../lib/pods.ts";
import { render } from "../lib/render.ts";
import type { ValuesOverride } from "../../harness/values.ts";

const RESTRICTED_VOLUMES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

/** Violations of the restricted Pod Security Standard (v1.34), as readable strings. */
function restrictedViolations(spec: V1PodSpec): string[] {
  const out: string[] = [];
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) out.push("host namespaces");
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== "name");
    if (!type || !RESTRICTED_VOLUMES.includes(type)) out.push(`volume ${v.name} of type ${String(type)}`);
  }
  const podSc = spec.securityContext ?? {};
  for (const c of allContainers(spec) as V1Container[]) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) out.push(`${where}: privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation must be false`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) out.push(`${where}: capabilities must drop ALL`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== "NET_BIND_SERVICE") out.push(`${where}: adds ${cap}`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) out.push(`${where}: runAsNonRoot`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) out.push(`${where}: runs as uid 0`);
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") out.push(`${where}: seccomp ${String(seccomp)}`);
    if (sc.readOnlyRootFilesystem !== true) out.push(`${where}: root filesystem is writable`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`${where}: hostPort`);
  }
  return out;
}

const examples = readdirSync(path.join(repoRoot, "values-examples")).filter((f) => f.endsWith(".yaml"));
const configurations: [string, ValuesOverride | undefined, string | undefined][] = [
  ["defaults", undefined, undefined],
  [
    "everything on",
    {
      highAvailability: { enabled: true },
      storage: { s3: { enabled: true, bucket: "b", existingSecret: "s" } },
      metrics: { enabled: true },
      artifacts: { source: "initContainer", initContainer: { urls: ["https://x/y.jar"] } },
      taskManager: { kind: "StatefulSet", persistence: { enabled: true }, localRecovery: { enabled: true } },
    },
    undefined,
  ],
  ...examples.map((f): [string, ValuesOverride | undefined, string | undefined] => [
    f,
    undefined,
    `values-examples/${f}`,
  ]),
];

describe.each(configurations)("restricted Pod Security Standard: %s", (_name, values, file) => {
  const m = render({ values, valuesFiles: file ? [file] : [] });
  const all = pods(m);

  it("renders pods", () => {
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it.each(all.map((p) => [p.owner, p] as const))("%s is compliant", (_owner, p) => {
    expect(restrictedViolations(p.spec)).toEqual([]);
  });

  it("runs Flink as uid/gid 9999 with fsGroup 9999", () => {
    for (const p of all)
      expect(p.spec.securityContext).toMatchObject({
        runAsUser: 9999,
        runAsGroup: 9999,
        fsGroup: 9999,
        runAsNonRoot: true,
      });
  });

  it("gives Flink writable emptyDirs for conf, log and /tmp", () => {
    for (const p of all.filter((x) => /-(jobmanager|taskmanager)$/.test(x.owner))) {
      const main = p.spec.containers[0]!;
      for (const dir of ["/opt/flink/conf", "/opt/flink/log", "/tmp"]) {
        const mount = main.volumeMounts?.find((v) => v.mountPath === dir);
        expect(mount, `${p.owner} ${dir}`).toBeDefined();
        expect(mount?.readOnly).toBeFalsy();
        expect(p.spec.volumes?.find((v) => v.name === mount?.name)?.emptyDir).toBeDefined();
      }
    }
  });
});

describe("the restricted check itself", () => {
  it("flags a privileged, root, writable container", () => {
    const spec: V1PodSpec = {
      containers: [{ name: "bad", securityContext: { privileged: true, runAsUser: 0 } }],
      volumes: [{ name: "h", hostPath: { path: "/" } }],
    };
    const v = restrictedViolations(spec).join("\n");
    for (const word of [
      "privileged",
      "allowPrivilegeEscalation",
      "drop ALL",
      "runAsNonRoot",
      "uid 0",
      "seccomp",
      "root filesystem",
      "hostPath",
    ])
      expect(v).toContain(word);
  });
});
