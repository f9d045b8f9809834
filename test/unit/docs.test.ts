// values.yaml is the single source of the chart's values: values.schema.json, the README values table
// and the TypeScript values type are generated from it (`npm run docs`) and stay in sync; the schema
// carries each value's description and default. Also Chart.yaml's pinned metadata.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { readmeFile, renderReadme } from "../../scripts/gen-docs.ts";
import { generateValuesSchema, schemaFile, schemaText } from "../../scripts/gen-schema.ts";
import { generateValuesTypes, typesPath } from "../../scripts/gen-types.ts";
import { repoRoot, versions } from "../../harness/versions.ts";
import { defaultValues, schemaErrors } from "../../harness/values.ts";
import { parseValueDocs, undocumentedValues, valuesFile } from "../../harness/values-source.ts";

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
    for (const d of parseValueDocs(valuesText).filter((d) => d.description)) {
      expect(readme).toContain(`| \`${d.key}\` |`);
    }
  });

  it("explains in the README why the JobManager is a Deployment", () => {
    expect(readFileSync(readmeFile, "utf8")).toMatch(/pod template is immutable/);
  });

  it("detects an undocumented value", () => {
    const text = "# -- documented\na: 1\nb:\n  c: 2\n";
    expect(undocumentedValues(yaml.load(text), parseValueDocs(text))).toEqual(["b.c"]);
  });
});

describe("values.schema.json", () => {
  type Node = { properties?: Record<string, Node>; description?: string; default?: unknown };
  const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Node & { definitions: Record<string, unknown> };
  const nodeAt = (key: string) => key.split(".").reduce<Node | undefined>((n, k) => n?.properties?.[k], schema);

  it("is generated from values.yaml (run `npm run docs`)", () => {
    expect(readFileSync(schemaFile, "utf8")).toBe(schemaText(valuesText));
  });

  it("starts values.yaml with the yaml-language-server modeline, so editors validate and complete values", () => {
    expect(valuesText.split("\n")[0]).toBe("# yaml-language-server: $schema=values.schema.json");
  });

  it("carries every value's description and default from values.yaml, and has no value values.yaml lacks", () => {
    const values = defaultValues() as unknown as Record<string, unknown>;
    for (const d of parseValueDocs(valuesText).filter((d) => d.description)) {
      const node = nodeAt(d.key);
      expect(node?.description, d.key).toBe(d.description);
      const value = d.key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], values);
      if (node?.properties === undefined) expect(node?.default, d.key).toEqual(value);
    }
    const keys = (n: Node, prefix: string): string[] =>
      Object.entries(n.properties ?? {}).flatMap(([k, c]) => [`${prefix}${k}`, ...keys(c, `${prefix}${k}.`)]);
    const inValues = (key: string) =>
      key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], values) !== undefined;
    // Keys only the schema has are there to be refused with a helpful message, or honoured while deprecated.
    const schemaOnly = keys(schema, "").filter((k) => k !== "global" && !inValues(k));
    for (const k of schemaOnly) expect(nodeAt(k)?.description, k).toMatch(/^(Not a value of this chart|Deprecated)/);
  });

  it("holds only the Kubernetes definitions the values refer to, and those they refer to", () => {
    const text = JSON.stringify(schema.properties);
    const direct = [...text.matchAll(/"#\/definitions\/([^"]+)"/g)].map((m) => m[1]!);
    expect(direct).toContain("io.k8s.api.core.v1.EnvVar");
    const reachable = new Set<string>();
    const visit = (name: string) => {
      if (reachable.has(name)) return;
      reachable.add(name);
      for (const m of JSON.stringify(schema.definitions[name]).matchAll(/"#\/definitions\/([^"]+)"/g)) visit(m[1]!);
    };
    direct.forEach(visit);
    expect(Object.keys(schema.definitions).sort()).toEqual([...reachable].sort());
    expect(readFileSync(schemaFile, "utf8").length, "a reasonable size").toBeLessThan(200_000);
  });

  it("refuses a values.yaml entry whose type the default does not tell, naming the key", () => {
    expect(() => generateValuesSchema("# -- a map of what?\nthings: {}\n")).toThrow(/things is an empty map/);
    expect(() => generateValuesSchema("# -- a list of what?\nitems: []\n")).toThrow(/items is a list/);
    expect(() => generateValuesSchema("# -- nothing\nport: null\n")).toThrow(/port defaults to null/);
  });

  it("takes keywords from `# @schema` lines and Kubernetes definitions by `k8s:` reference", () => {
    const s = generateValuesSchema(
      [
        "# -- The port.",
        "# @schema {minimum: 1, maximum: 65535}",
        "port: 80",
        "# -- Extra env.",
        '# @schema items: {$ref: "k8s:io.k8s.api.core.v1.EnvVar"}',
        "env: []",
      ].join("\n"),
    ) as { properties: Record<string, unknown>; definitions: Record<string, unknown> };
    expect(s.properties.port).toEqual({
      description: "The port.",
      type: "integer",
      minimum: 1,
      maximum: 65535,
      default: 80,
    });
    expect(s.properties.env).toMatchObject({ items: { $ref: "#/definitions/io.k8s.api.core.v1.EnvVar" } });
    expect(Object.keys(s.definitions)).toContain("io.k8s.api.core.v1.EnvVarSource");
  });
});

describe("typed values", () => {
  it("harness/chart-values.d.ts is generated from values.schema.json (run `npm run docs`)", async () => {
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
