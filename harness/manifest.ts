// A chart's rendered manifest (`helm template`, `helm get manifest`) as Kubernetes objects, each with
// the template it came from (helm's "# Source:" comment).
import yaml from "js-yaml";
import type { V1ObjectMeta } from "@kubernetes/client-node";

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta & { name: string };
  [field: string]: unknown;
}

export interface RenderedObject {
  /** Template path inside the chart, e.g. `flink/templates/flink-config-configmap.yaml`. */
  source: string;
  object: K8sObject;
}

function isK8sObject(v: unknown): v is K8sObject {
  if (typeof v !== "object" || v === null) return false;
  const o = v as Record<string, unknown>;
  const meta = o.metadata as Record<string, unknown> | undefined;
  return typeof o.apiVersion === "string" && typeof o.kind === "string" && typeof meta?.name === "string";
}

/** Splits a rendered manifest into objects; fails on a document that is not a Kubernetes object. */
export function parseManifests(text: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const doc of text.split(/^---\s*$/m)) {
    const source = /^# Source: (.+)$/m.exec(doc)?.[1]?.trim();
    const body = yaml.load(doc);
    if (body === undefined || body === null) continue;
    if (!isK8sObject(body)) throw new Error(`not a Kubernetes object (from ${source ?? "?"}):\n${doc}`);
    if (!source) throw new Error(`object ${body.kind}/${body.metadata.name} has no "# Source:" comment`);
    out.push({ source, object: body });
  }
  return out;
}

/** The object rendered from `template` (a path below templates/, e.g. "rest-service.yaml"), if any. */
export function fromTemplate(objects: readonly RenderedObject[], template: string): K8sObject | undefined {
  return objects.find((o) => o.source.endsWith(`/templates/${template}`))?.object;
}
