// Generated files stay in sync: the README values table (from values.yaml comments) and the
// TypeScript values type (from values.schema.json). Also Chart.yaml's pinned metadata.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parseValueDocs, readmeFile, renderReadme, undocumentedValues, valuesFile } from "../../scripts/gen-docs.ts";
import { generateValuesTypes, typesPath } from "../../scripts/gen-types.ts";
import { repoRoot, versions } from "../../harness/versions.ts";
import { defaultValues, schemaErrors } from "../../harness/values.ts";

const valuesText = readFileSync(valuesFile, "utf8");

describe("chart documentation", () => {
  it("documents every value in values.yaml with a `# --` comment", () => {
    expect(undocumentedValues(yaml.load(valuesText), parseValueDocs(valuesText))).toEqual([]);
  });

  it("has a README values table in sync with values.yaml (run `npm run docs`)", () => {
    const readme = readFileSync(readmeFile, "utf8");
    expect(readme).toBe(renderReadme(readme, valuesText));
  });

  it("lists every documented key in the README", () => {
    const readme = readFileSync(readmeFile, "utf8");
    for (const d of parseValueDocs(valuesText)) expect(readme).toContain(`| \`${d.key}\` |`);
  });

  it("explains in the README why the JobManager is a Deployment", () => {
    expect(readFileSync(readmeFile, "utf8")).toMatch(/pod template is immutable/);
  });

  it("detects an undocumented value", () => {
    const text = "# -- documented\na: 1\nb:\n  c: 2\n";
    expect(undocumentedValues(yaml.load(text), parseValueDocs(text))).toEqual(["b.c"]);
  });
});

describe("typed values", () => {
  it("harness/chart-values.d.ts is generated from values.schema.json (run `npm run gen:types`)", async () => {
    expect(readFileSync(typesPath, "utf8")).toBe(await generateValuesTypes());
  });

  it("values.yaml itself satisfies values.schema.json", () => {
    expect(schemaErrors(defaultValues())).toEqual([]);
  });
});

describe("Chart.yaml", () => {
  const chart = yaml.load(readFileSync(path.join(repoRoot, "charts/flink/Chart.yaml"), "utf8")) as Record<
    string,
    string
  >;
  it("pins a strict SemVer version, appVersion = FLINK_VERSION and the minimum Kubernetes", () => {
    expect(chart.apiVersion).toBe("v2");
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    // The version itself moves with every chart change: `npm run check:chart-version` enforces the bump.
    expect(chart.appVersion).toBe(versions.FLINK_VERSION);
    expect(chart.kubeVersion).toBe(">=1.27.0-0");
  });
});
