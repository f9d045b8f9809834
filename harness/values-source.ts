// charts/flink/values.yaml is the single source of the chart's values: every value's default, its
// description (a `# --` comment right above it, helm-docs style, continued on the following comment
// lines) and, where the default does not say enough, JSON-schema keywords (`# @schema ` lines after
// the description, read together as one YAML map; `$ref: k8s:<definition>` names a definition of the
// Kubernetes OpenAPI spec). `npm run docs` turns them into the README table, values.schema.json and
// the typed values; this module reads them.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { repoRoot } from "./versions.ts";

export const valuesFile = path.join(repoRoot, "charts/flink/values.yaml");

export type SchemaAnnotation = Record<string, unknown>;

export interface ValueDoc {
  /** Dotted path, e.g. `taskManager.resources`. */
  key: string;
  /** The `# --` description; undefined for a key with only `# @schema` lines (a section). */
  description?: string;
  /** The `# @schema` keywords. */
  schema?: SchemaAnnotation;
}

/** The `# @schema` lines of one key, as one YAML document: a map of JSON-schema keywords. */
function parseAnnotation(lines: string[], key: string): SchemaAnnotation {
  const text = lines.join("\n");
  let v: unknown;
  try {
    v = yaml.load(text);
  } catch (e) {
    throw new Error(`values.yaml: cannot read the @schema lines of ${key}: ${(e as Error).message}`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new Error(`values.yaml: the @schema lines of ${key} are not a map of schema keywords: ${text}`);
  }
  return v as SchemaAnnotation;
}

/** The descriptions and annotations of `text` (values.yaml), keyed by dotted path, in file order. */
export function parseValueDocs(text: string): ValueDoc[] {
  const docs: ValueDoc[] = [];
  const stack: { indent: number; key: string }[] = [];
  let description: string[] | undefined;
  let schema: SchemaAnnotation | undefined;
  let annotationLines: string[] = [];
  const reset = () => {
    description = undefined;
    schema = undefined;
    annotationLines = [];
  };
  for (const line of text.split("\n")) {
    const comment = /^\s*#\s?(.*)$/.exec(line);
    if (comment) {
      const body = comment[1] ?? "";
      if (body.startsWith("@schema ")) annotationLines.push(body.slice("@schema ".length).replace(/\s+$/, ""));
      else if (body.startsWith("-- ")) description = [body.slice(3).trim()];
      else if (description && annotationLines.length === 0) description.push(body.trim());
      continue;
    }
    if (!line.trim()) {
      reset();
      continue;
    }
    const m = /^(\s*)([A-Za-z0-9_.-]+):(\s|$)/.exec(line);
    if (!m) continue; // list items and continuation lines of a value
    const indent = m[1]!.length;
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    stack.push({ indent, key: m[2]! });
    const key = stack.map((s) => s.key).join(".");
    if (annotationLines.length) schema = parseAnnotation(annotationLines, key);
    if (description || schema) {
      docs.push({
        key,
        ...(description ? { description: description.join(" ").trim() } : {}),
        ...(schema ? { schema } : {}),
      });
    }
    reset();
  }
  return docs;
}

/** Leaf paths of the values (scalars, lists, empty maps) that no described key covers. */
export function undocumentedValues(values: unknown, docs: ValueDoc[]): string[] {
  const documented = new Set(docs.filter((d) => d.description).map((d) => d.key));
  const missing: string[] = [];
  const walk = (v: unknown, prefix: string): void => {
    if (prefix && documented.has(prefix)) return;
    if (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, prefix ? `${prefix}.${k}` : k);
    } else {
      missing.push(prefix);
    }
  };
  walk(values, "");
  return missing;
}

/** values.yaml as text. */
export function valuesText(): string {
  return readFileSync(valuesFile, "utf8");
}
