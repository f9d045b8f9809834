// npm run gen:schema (part of npm run docs): writes charts/flink/values.schema.json from values.yaml,
// the single source (harness/values-source.ts). Each value's type comes from its default, its
// description from its `# --` comment, its default from values.yaml, and further keywords from its
// `# @schema` lines. A map with keys is closed (additionalProperties: false), so a misspelt value is
// refused by `helm install`. `$ref: k8s:<definition>` names a Kubernetes OpenAPI definition of
// KUBERNETES_VERSION (extraEnv items, volumes, containers, affinity, security contexts, resources
// ...): the definitions referenced, and those they refer to, are copied in, strict like the render
// tests' validator (unknown fields refused). A unit test fails when the checked-in file is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { definitionClosure } from "../harness/k8s-schema.ts";
import { parseValueDocs, valuesText, type ValueDoc } from "../harness/values-source.ts";
import { repoRoot } from "../harness/versions.ts";

export const schemaFile = path.join(repoRoot, "charts/flink/values.schema.json");

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const K8S_REF = "k8s:";
const isMap = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** `b` merged into `a`: maps key by key, anything else replaced. */
function merge(a: Json, b: Json): Json {
  if (!isMap(a) || !isMap(b)) return b;
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k]!, v) : v;
  return out;
}

/** The annotation with `$ref: k8s:<name>` pointing at the copied definition; records the names. */
function resolveRefs(node: Json, used: Set<string>): Json {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(n, used));
  if (!isMap(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith(K8S_REF)) {
      used.add(v.slice(K8S_REF.length));
      out[k] = `#/definitions/${v.slice(K8S_REF.length)}`;
    } else out[k] = resolveRefs(v, used);
  }
  return out;
}

class SchemaBuilder {
  readonly used = new Set<string>();
  private readonly docs: Map<string, ValueDoc>;

  constructor(docs: ValueDoc[]) {
    this.docs = new Map(docs.map((d) => [d.key, d]));
  }

  /** The schema of the value at `key` with default `value`. */
  node(key: string, value: unknown): JsonObject {
    const doc = this.docs.get(key);
    const ann = (doc?.schema ? resolveRefs(doc.schema as Json, this.used) : {}) as JsonObject;
    const fail = (what: string): never => {
      throw new Error(`values.yaml: ${key} ${what}: add a \`# @schema\` line (see harness/values-source.ts)`);
    };
    let schema: JsonObject;
    if (typeof ann.$ref === "string") {
      // draft-07 ignores the siblings of $ref: the reference goes into allOf, beside description and default.
      const { $ref, ...rest } = ann;
      schema = { ...rest, allOf: [{ $ref }] };
    } else if (ann.oneOf || ann.anyOf) {
      schema = ann;
    } else {
      schema = merge(this.infer(key, value, fail), ann) as JsonObject;
      if (schema.type === "array" && schema.items === undefined) fail("is a list whose items have no type");
      if (schema.type === "object" && !schema.properties && schema.additionalProperties === undefined) {
        fail("is an empty map: say what it holds (additionalProperties or $ref)");
      }
    }
    const leaf = !isMap(value) || Object.keys(value).length === 0 || !schema.properties;
    return {
      ...(doc?.description ? { description: doc.description } : {}),
      ...schema,
      ...(leaf && value !== undefined ? { default: value as Json } : {}),
    };
  }

  private infer(key: string, value: unknown, fail: (what: string) => never): JsonObject {
    if (value === null) return fail("defaults to null, which says nothing of its type") as never;
    if (typeof value === "string") return { type: "string" };
    if (typeof value === "boolean") return { type: "boolean" };
    if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number" };
    if (Array.isArray(value)) {
      const strings = value.length > 0 && value.every((v) => typeof v === "string");
      return { type: "array", ...(strings ? { items: { type: "string" } } : {}) };
    }
    if (isMap(value)) {
      const entries = Object.entries(value);
      if (entries.length === 0) return { type: "object" };
      const properties: JsonObject = {};
      for (const [k, v] of entries) properties[k] = this.node(key ? `${key}.${k}` : k, v);
      return { type: "object", additionalProperties: false, properties };
    }
    return fail(`has a default of an unsupported type (${typeof value})`) as never;
  }
}

/** Definition names shortened to their kind where that is unique (the typed values' interface names). */
function titled(defs: Record<string, Json>): JsonObject {
  const short = (n: string) => n.slice(n.lastIndexOf(".") + 1);
  const counts = new Map<string, number>();
  for (const n of Object.keys(defs)) counts.set(short(n), (counts.get(short(n)) ?? 0) + 1);
  const out: JsonObject = {};
  for (const [n, d] of Object.entries(defs)) {
    out[n] = isMap(d) && counts.get(short(n)) === 1 ? { title: short(n), ...d } : d;
  }
  return out;
}

/** values.schema.json for `text` (values.yaml). */
export function generateValuesSchema(text: string = valuesText()): JsonObject {
  const values = yaml.load(text);
  if (!isMap(values)) throw new Error("values.yaml is not a map");
  const b = new SchemaBuilder(parseValueDocs(text));
  const root = b.node("", values);
  const properties = root.properties as JsonObject;
  // Helm passes `global` to every chart; this one does not use it.
  properties.global = {
    description: "Helm's global values (unused by this chart).",
    type: "object",
    additionalProperties: true,
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $comment: "Generated from values.yaml by `npm run docs`; do not edit.",
    title: "FlinkChartValues",
    description: "Values of the flink Helm chart (Apache Flink 2.2, standalone mode).",
    type: "object",
    additionalProperties: false,
    properties,
    definitions: titled(definitionClosure([...b.used])),
  };
}

export function schemaText(text?: string): string {
  return `${JSON.stringify(generateValuesSchema(text), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(schemaFile, schemaText());
  console.log(`wrote ${path.relative(repoRoot, schemaFile)}`);
}
