// Validates rendered objects against the Kubernetes OpenAPI v2 spec of KUBERNETES_VERSION, with
// unknown fields rejected (every object definition that has `properties` gets
// `additionalProperties: false`). The spec comes from the Go module zip of k8s.io/kubernetes
// (`<Dir>/api/openapi-spec/swagger.json`) and is cached under ~/.cache/flink-helm/k8s-openapi/.
// Custom resources (prometheus-operator's PodMonitor/ServiceMonitor) are not in that spec; they are
// checked against the minimal hand-written schemas below, limited to the fields the chart uses.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsImport from "ajv-formats";
import { cacheRoot, versions } from "./versions.ts";
import type { K8sObject } from "../test/lib/render.ts";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** Path of the cached swagger.json for `version`, copying it out of the Go module cache when needed. */
export function swaggerPath(version: string = versions.KUBERNETES_VERSION): string {
  const dest = path.join(cacheRoot, "k8s-openapi", version, "swagger.json");
  if (existsSync(dest)) return dest;
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    throw new Error(
      `The Kubernetes ${version} OpenAPI spec is not cached at ${dest} and Go is not installed: install Go, then run \`go mod download -json k8s.io/kubernetes@${version}\``,
    );
  }
  const out = execFileSync("go", ["mod", "download", "-json", `k8s.io/kubernetes@${version}`], {
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  const dir = (JSON.parse(out) as { Dir?: string }).Dir;
  const src = dir && path.join(dir, "api", "openapi-spec", "swagger.json");
  if (!src || !existsSync(src))
    throw new Error(`go mod download k8s.io/kubernetes@${version} gave no api/openapi-spec/swagger.json`);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(src, dest);
  return dest;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Rewrites one schema node (recursively) so ajv checks what the API server accepts. */
function transform(node: Json): Json {
  if (Array.isArray(node)) return node.map(transform);
  if (!isObject(node)) return node;
  if (node["x-kubernetes-int-or-string"] === true || node.format === "int-or-string") {
    return { anyOf: [{ type: "integer" }, { type: "string" }] };
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith("x-kubernetes-")) continue;
    if (k === "properties" && isObject(v)) {
      const props: JsonObject = {};
      for (const [name, schema] of Object.entries(v)) props[name] = transform(schema);
      out.properties = props;
    } else {
      out[k] = transform(v);
    }
  }
  if (isObject(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

/** Hand-written schemas of the prometheus-operator kinds the chart can render (fields it uses). */
export const customResourceSchemas: Record<string, JsonObject> = {
  "monitoring.coreos.com/v1/PodMonitor": crd({
    selector: { $ref: "k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    podMetricsEndpoints: endpoints(),
  }),
  "monitoring.coreos.com/v1/ServiceMonitor": crd({
    selector: { $ref: "k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector" },
    endpoints: endpoints(),
  }),
};

function endpoints(): JsonObject {
  return {
    type: "array",
    items: {
      type: "object",
      additionalProperties: false,
      properties: {
        port: { type: "string" },
        path: { type: "string" },
        interval: { type: "string", pattern: "^[0-9]+(ms|s|m|h)$" },
      },
    },
  };
}

function crd(spec: JsonObject): JsonObject {
  return {
    type: "object",
    additionalProperties: false,
    required: ["apiVersion", "kind", "metadata", "spec"],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { $ref: "k8s#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
      spec: { type: "object", additionalProperties: false, required: ["selector"], properties: spec },
    },
  };
}

interface StrictSpec {
  /** Every definition, rewritten by transform() (unknown fields rejected). */
  definitions: Record<string, JsonObject>;
  /** "group/version/Kind" (no group for core) -> definition name. */
  byGvk: Map<string, string>;
}

const specs = new Map<string, StrictSpec>();

/** The spec of `version`, every definition made strict; read once per process. */
function strictSpec(version: string): StrictSpec {
  const hit = specs.get(version);
  if (hit) return hit;
  const spec = JSON.parse(readFileSync(swaggerPath(version), "utf8")) as { definitions: JsonObject };
  const out: StrictSpec = { definitions: {}, byGvk: new Map() };
  for (const [name, def] of Object.entries(spec.definitions)) {
    if (!isObject(def)) continue;
    const gvks = def["x-kubernetes-group-version-kind"];
    if (Array.isArray(gvks)) {
      for (const g of gvks as unknown as Gvk[])
        out.byGvk.set(`${g.group ? `${g.group}/` : ""}${g.version}/${g.kind}`, name);
    }
    const strict = name === QUANTITY ? { anyOf: [{ type: "string" }, { type: "number" }] } : transform(def);
    out.definitions[name] = strict as JsonObject;
  }
  specs.set(version, out);
  return out;
}

/** Every `$ref`'d definition name below `node` ("#/definitions/<name>"). */
function refsOf(node: Json, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") out.add(v.replace(/^#\/definitions\//, ""));
      else refsOf(v, out);
    }
  }
  return out;
}

/** `node` without the keywords that only document (description) or that helm and ajv do not check (format). */
function withoutDocs(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutDocs);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "properties" && isObject(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, p]) => [name, withoutDocs(p)]));
    } else if (k !== "description" && k !== "format") out[k] = withoutDocs(v);
  }
  return out;
}

/**
 * The strict definitions `roots` name and every definition they refer to, transitively, without
 * descriptions and formats: what the values schema needs to check Kubernetes objects passed in values.
 */
export function definitionClosure(
  roots: readonly string[],
  version: string = versions.KUBERNETES_VERSION,
): Record<string, Json> {
  const { definitions } = strictSpec(version);
  const out: Record<string, Json> = {};
  const todo = [...roots];
  while (todo.length) {
    const name = todo.pop()!;
    if (name in out) continue;
    const def = definitions[name];
    if (!def) throw new Error(`${name} is not a definition of the Kubernetes ${version} OpenAPI spec`);
    out[name] = withoutDocs(def);
    todo.push(...refsOf(def, new Set()));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export class K8sValidator {
  private readonly ajv: Ajv;
  private readonly byGvk = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(version: string = versions.KUBERNETES_VERSION) {
    const { definitions, byGvk } = strictSpec(version);
    for (const [key, name] of byGvk) this.byGvk.set(key, name);
    this.ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
    const addFormats = addFormatsImport as unknown as (a: Ajv) => Ajv;
    addFormats(this.ajv);
    for (const f of ["int32", "int64", "double", "float", "byte"]) this.ajv.addFormat(f, true);
    this.ajv.addSchema({ $id: "k8s", definitions });
  }

  /** Whether the spec (or the custom-resource schemas) knows `apiVersion/kind`. */
  knows(apiVersion: string, kind: string): boolean {
    const key = `${apiVersion}/${kind}`;
    return this.byGvk.has(key) || key in customResourceSchemas;
  }

  private validatorFor(apiVersion: string, kind: string): ValidateFunction {
    const key = `${apiVersion}/${kind}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const def = this.byGvk.get(key);
    const schema = def ? { $ref: `k8s#/definitions/${def}` } : customResourceSchemas[key];
    if (!schema)
      throw new Error(
        `${key} is neither in the Kubernetes ${versions.KUBERNETES_VERSION} API nor a known custom resource`,
      );
    const fn = this.ajv.compile(schema);
    this.compiled.set(key, fn);
    return fn;
  }

  /** Validation errors of one object as readable lines (empty when valid). */
  errors(o: K8sObject): string[] {
    const fn = this.validatorFor(o.apiVersion, o.kind);
    const valid: boolean = fn(o);
    if (valid) return [];
    return (fn.errors ?? []).map((e: ErrorObject) => {
      const extra =
        e.keyword === "additionalProperties"
          ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
          : "";
      return `${o.kind}/${o.metadata.name}${e.instancePath}: ${e.message ?? e.keyword}${extra}`;
    });
  }
}

let shared: K8sValidator | undefined;
/** One validator per test worker (loading the spec takes a moment). */
export function k8sValidator(): K8sValidator {
  shared ??= new K8sValidator();
  return shared;
}
