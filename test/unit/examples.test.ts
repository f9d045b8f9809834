// Every values example is valid against values.schema.json, renders, produces only objects valid
// against the Kubernetes API of KUBERNETES_VERSION (unknown fields rejected), passes
// `helm lint --strict` on Helm 3 and Helm 4, and fits a 2-CPU single-node kind cluster.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { helmLint } from "../../harness/helm.ts";
import { k8sValidator } from "../../harness/k8s-schema.ts";
import { pods } from "../lib/pods.ts";
import { render } from "../lib/render.ts";
import { loadValuesFile, schemaErrors } from "../../harness/values.ts";
import { repoRoot } from "../../harness/versions.ts";

const dir = path.join(repoRoot, "values-examples");
export const examples = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

function cpuMillis(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const s = String(q);
  return s.endsWith("m") ? Number(s.slice(0, -1)) : Number(s) * 1000;
}

function memMi(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const m = /^(\d+)(Mi|Gi)$/.exec(String(q));
  if (!m) throw new Error(`unexpected memory quantity ${String(q)}`);
  return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
}

describe("values-examples", () => {
  it("cover every deployment shape the issue asks for", () => {
    for (const shape of [
      "session",
      "session-ha",
      "application",
      "application-ha",
      "statefulset-local-recovery",
      "nodeport",
      "s3",
    ]) {
      expect(examples).toContain(`${shape}.yaml`);
    }
  });

  describe.each(examples)("%s", (file) => {
    const rel = `values-examples/${file}`;

    it("is documented (starts with a comment saying what it deploys)", () => {
      expect(readFileSync(path.join(dir, file), "utf8")).toMatch(/^# \S.*\n#/);
    });

    it("is valid against values.schema.json (ajv)", () => {
      expect(schemaErrors(loadValuesFile(rel))).toEqual([]);
    });

    it("renders objects that are valid against the Kubernetes API schema", () => {
      const m = render({ valuesFiles: [rel] });
      const v = k8sValidator();
      expect(m.all().length).toBeGreaterThan(4);
      expect(m.all().flatMap((o) => v.errors(o))).toEqual([]);
    });

    it.each([3, 4] as const)("passes helm lint --strict on Helm %i", (major) => {
      const r = helmLint({ valuesFiles: [rel], major });
      expect(r.stderr + r.stdout).toContain("0 chart(s) failed");
      expect(r.code).toBe(0);
    });

    it("fits a single-node kind cluster with 2 CPUs and ~20 GiB", () => {
      const m = render({ valuesFiles: [rel] });
      let cpu = 0;
      let mem = 0;
      for (const p of pods(m)) {
        if (!/^(Deployment|StatefulSet)\//.test(p.owner)) continue;
        const w = m.all().find((o) => `${o.kind}/${o.metadata.name}` === p.owner) as { spec?: { replicas?: number } };
        const replicas = w.spec?.replicas ?? 1;
        for (const c of p.spec.containers) {
          cpu += replicas * cpuMillis(c.resources?.requests?.cpu);
          mem += replicas * memMi(c.resources?.limits?.memory);
        }
      }
      expect(cpu).toBeLessThanOrEqual(1000);
      expect(mem).toBeLessThanOrEqual(12 * 1024);
    });

    it("does not hard-code a locally built image (e2e overrides image.repository/tag)", () => {
      const values = loadValuesFile(rel);
      expect(values.image).toBeUndefined();
    });
  });
});
