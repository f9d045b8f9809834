// chart-testing support: ct.yaml points at the chart, and every charts/flink/ci/*-values.yaml is
// schema-valid, renders valid Kubernetes objects and passes helm lint --strict on Helm 3 and 4.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../harness/versions.ts";
import { helmLint } from "../../harness/helm.ts";
import { k8sValidator } from "../../harness/k8s-schema.ts";
import { render } from "../lib/render.ts";
import { loadValuesFile, schemaErrors } from "../../harness/values.ts";

const ciDir = path.join(repoRoot, "charts/flink/ci");
const ciFiles = readdirSync(ciDir).filter((f) => f.endsWith("-values.yaml"));

describe("ct.yaml", () => {
  it("points chart-testing at charts/ and validates the chart schema", () => {
    const ct = yaml.load(readFileSync(path.join(repoRoot, "ct.yaml"), "utf8")) as Record<string, unknown>;
    expect(ct["chart-dirs"]).toEqual(["charts"]);
    expect(ct["validate-chart-schema"]).toBe(true);
    expect(ciFiles.length).toBeGreaterThanOrEqual(3);
  });
});

describe("the chart with its default values", () => {
  it.each([3, 4] as const)("passes helm lint --strict on Helm %i", (major) => {
    expect(helmLint({ major }).code).toBe(0);
  });
});

describe.each(ciFiles)("ci/%s", (file) => {
  const rel = `charts/flink/ci/${file}`;
  it("is valid against the values schema and renders valid Kubernetes objects", () => {
    expect(schemaErrors(loadValuesFile(rel))).toEqual([]);
    const m = render({ valuesFiles: [rel] });
    expect(m.all().flatMap((o) => k8sValidator().errors(o))).toEqual([]);
    expect(m.find("Pod")?.metadata?.annotations?.["helm.sh/hook"]).toBe("test");
  });

  it.each([3, 4] as const)("passes helm lint --strict on Helm %i", (major) => {
    expect(helmLint({ valuesFiles: [rel], major }).code).toBe(0);
  });
});
