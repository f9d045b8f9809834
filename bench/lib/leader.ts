// Flink's Kubernetes HA leader lock: the `control-plane.alpha.kubernetes.io/leader` annotation of
// `<cluster-id>-cluster-config-map` (a fabric8 LeaderElectionRecord), and the leader's address.
import type * as k8s from "@kubernetes/client-node";

export const LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";

export interface LockRecord {
  holderIdentity: string;
  leaderTransitions: number;
  renewTime: string;
  acquireTime: string;
  leaseDuration: string;
  /** The dispatcher's leader address (contains the leader JobManager's pod IP). */
  dispatcherAddress: string;
  resourceVersion: string;
}

export async function readLock(
  core: k8s.CoreV1Api,
  namespace: string,
  clusterId: string,
): Promise<LockRecord | undefined> {
  let cm: k8s.V1ConfigMap;
  try {
    cm = await core.readNamespacedConfigMap({ name: `${clusterId}-cluster-config-map`, namespace });
  } catch {
    return undefined;
  }
  const raw = cm.metadata?.annotations?.[LEADER_ANNOTATION];
  if (!raw) return undefined;
  const r = JSON.parse(raw) as Record<string, unknown>;
  return {
    holderIdentity: String(r.holderIdentity ?? ""),
    leaderTransitions: Number(r.leaderTransitions ?? 0),
    renewTime: String(r.renewTime ?? ""),
    acquireTime: String(r.acquireTime ?? ""),
    leaseDuration: String(r.leaseDuration ?? r.leaseDurationSeconds ?? ""),
    dispatcherAddress: cm.data?.["org.apache.flink.k8s.leader.dispatcher"] ?? "",
    resourceVersion: cm.metadata?.resourceVersion ?? "",
  };
}
