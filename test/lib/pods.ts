// Every pod spec the chart renders (workloads, the hook Job, the helm test Pod), with its owner.
import type { V1Container, V1ObjectMeta, V1PodSpec } from "@kubernetes/client-node";
import type { K8sObject, Manifest } from "./render.ts";

export interface RenderedPod {
  owner: string;
  metadata: V1ObjectMeta;
  spec: V1PodSpec;
  /** Names of a StatefulSet's volumeClaimTemplates (volumes the pod gets besides spec.volumes). */
  claimTemplates: string[];
}

interface WithTemplate {
  spec?: {
    template?: { metadata?: V1ObjectMeta; spec?: V1PodSpec };
    volumeClaimTemplates?: { metadata?: V1ObjectMeta }[];
  };
}

export function pods(m: Manifest): RenderedPod[] {
  const out: RenderedPod[] = [];
  for (const o of m.all()) {
    const owner = `${o.kind}/${o.metadata.name}`;
    if (o.kind === "Pod") {
      out.push({ owner, metadata: o.metadata, spec: (o as K8sObject & { spec: V1PodSpec }).spec, claimTemplates: [] });
    } else if (["Deployment", "StatefulSet", "Job", "DaemonSet", "ReplicaSet"].includes(o.kind)) {
      const w = o as unknown as WithTemplate;
      const t = w.spec?.template;
      if (!t?.spec) throw new Error(`${owner} has no pod template`);
      const claimTemplates = (w.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? "");
      out.push({ owner, metadata: t.metadata ?? {}, spec: t.spec, claimTemplates });
    }
  }
  return out;
}

/** Main, init and (native sidecar) containers of a pod. */
export function allContainers(spec: V1PodSpec): V1Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}
