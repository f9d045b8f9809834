// Every pod spec the chart renders (workloads, the hook Job, the helm test Pod), with its owner.
import type { V1Container, V1ObjectMeta, V1PodSpec } from "@kubernetes/client-node";
import type { K8sObject, Manifest } from "./render.ts";

export interface RenderedPod {
  owner: string;
  metadata: V1ObjectMeta;
  spec: V1PodSpec;
}

interface WithTemplate {
  spec?: { template?: { metadata?: V1ObjectMeta; spec?: V1PodSpec } };
}

export function pods(m: Manifest): RenderedPod[] {
  const out: RenderedPod[] = [];
  for (const o of m.all()) {
    const owner = `${o.kind}/${o.metadata.name}`;
    if (o.kind === "Pod") {
      out.push({ owner, metadata: o.metadata, spec: (o as K8sObject & { spec: V1PodSpec }).spec });
    } else if (["Deployment", "StatefulSet", "Job", "DaemonSet", "ReplicaSet"].includes(o.kind)) {
      const t = (o as unknown as WithTemplate).spec?.template;
      if (!t?.spec) throw new Error(`${owner} has no pod template`);
      out.push({ owner, metadata: t.metadata ?? {}, spec: t.spec });
    }
  }
  return out;
}

/** Main, init and (native sidecar) containers of a pod. */
export function allContainers(spec: V1PodSpec): V1Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}
