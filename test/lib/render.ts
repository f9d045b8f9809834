// Renders the chart (harness/helm.ts) and gives the objects typed accessors, each with the template
// it came from (helm's "# Source:" comment).
import yaml from "js-yaml";
import type {
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1Job,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
  V1Pod,
  V1PodTemplateSpec,
  V1Service,
  V1StatefulSet,
} from "@kubernetes/client-node";
import { helmTemplate, type RenderOptions } from "../../harness/helm.ts";
import { parseManifests, type K8sObject, type RenderedObject } from "../../harness/manifest.ts";

export type { K8sObject, RenderedObject };

/** Kinds the chart renders, mapped to their client-node types. */
export interface KindMap {
  ConfigMap: V1ConfigMap;
  Deployment: V1Deployment;
  StatefulSet: V1StatefulSet;
  Service: V1Service;
  Pod: V1Pod;
  Job: V1Job;
  ServiceAccount: V1ServiceAccount;
  Role: V1Role;
  RoleBinding: V1RoleBinding;
}

export class Manifest {
  constructor(readonly objects: RenderedObject[]) {}

  all(kind?: string): K8sObject[] {
    return this.objects.map((o) => o.object).filter((o) => !kind || o.kind === kind);
  }

  find<K extends keyof KindMap>(kind: K, name?: string): KindMap[K] | undefined {
    const o = this.objects.find(
      (r) => r.object.kind === kind && (name === undefined || r.object.metadata.name === name),
    );
    return o?.object as KindMap[K] | undefined;
  }

  get<K extends keyof KindMap>(kind: K, name?: string): KindMap[K] {
    const o = this.find(kind, name);
    if (!o) throw new Error(`no ${kind}${name ? ` named ${name}` : ""} in: ${this.describe()}`);
    return o;
  }

  /** The template a given object came from. */
  sourceOf(kind: string, name: string): string | undefined {
    return this.objects.find((r) => r.object.kind === kind && r.object.metadata.name === name)?.source;
  }

  describe(): string {
    return this.objects.map((r) => `${r.object.kind}/${r.object.metadata.name}`).join(", ");
  }

  /** The Flink configuration (config.yaml of the chart's ConfigMap), parsed strictly. */
  flinkConfig(): Record<string, unknown> {
    const cm = this.all("ConfigMap").find((c) => c.metadata.name.endsWith("-config")) as V1ConfigMap | undefined;
    const text = cm?.data?.["config.yaml"];
    if (text === undefined) throw new Error("no config.yaml in the chart's ConfigMap");
    return parseStrictYaml(text);
  }

  log4j(): string {
    const cm = this.all("ConfigMap").find((c) => c.metadata.name.endsWith("-config")) as V1ConfigMap | undefined;
    return cm?.data?.["log4j-console.properties"] ?? "";
  }
}

/** YAML 1.2 core schema, duplicate keys are errors (js-yaml's default), top level must be a map. */
export function parseStrictYaml(text: string): Record<string, unknown> {
  const v = yaml.load(text, { schema: yaml.CORE_SCHEMA, json: false });
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error("config.yaml is not a map");
  return v as Record<string, unknown>;
}

const cache = new Map<string, Manifest>();

/** Renders the chart (memoised per options) and returns the parsed objects; throws with helm's stderr on failure. */
export function render(o: RenderOptions = {}): Manifest {
  const key = JSON.stringify(o);
  const hit = cache.get(key);
  if (hit) return hit;
  const r = helmTemplate(o);
  if (r.code !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  const m = new Manifest(parseManifests(r.stdout));
  cache.set(key, m);
  return m;
}

/** Renders expecting failure; returns helm's error text. */
export function renderError(o: RenderOptions): string {
  const r = helmTemplate(o);
  if (r.code === 0) throw new Error(`expected rendering to fail for ${JSON.stringify(o)}`);
  return r.stderr;
}

/** Pod template of a workload. */
export function podTemplate(w: V1Deployment | V1StatefulSet): V1PodTemplateSpec {
  const t = w.spec?.template;
  if (!t) throw new Error(`${w.metadata?.name} has no pod template`);
  return t;
}

export function container(t: V1PodTemplateSpec | V1Pod, name: string): V1Container {
  const c = t.spec?.containers.find((x) => x.name === name) ?? t.spec?.initContainers?.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

/** Value of a literal env var of a container. */
export function envValue(c: V1Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}
