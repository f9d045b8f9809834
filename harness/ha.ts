// Flink's Kubernetes HA leader lock, read from the API: the `control-plane.alpha.kubernetes.io/leader`
// annotation of `<cluster-id>-cluster-config-map` (a fabric8 LeaderElectionRecord) and the dispatcher's
// leader address next to it, which carries the leader JobManager's pod IP. The cluster id is what the
// release configured (`kubernetes.cluster-id`, see Release.clusterId()), not necessarily its name.
import type * as k8s from "@kubernetes/client-node";

export const LEADER_ANNOTATION = "control-plane.alpha.kubernetes.io/leader";
const DISPATCHER_KEY = "org.apache.flink.k8s.leader.dispatcher";

/** The ConfigMap holding the leader lock of `clusterId`. */
export const leaderConfigMapName = (clusterId: string) => `${clusterId}-cluster-config-map`;

/** Labels of every HA ConfigMap Flink 2.2 creates for `clusterId` (they have no owner reference). */
export const haConfigMapSelector = (clusterId: string) => `app=${clusterId},type=flink-native-kubernetes`;

export interface LeaderLock {
  holderIdentity: string;
  leaderTransitions: number;
  renewTime: string;
  acquireTime: string;
  leaseDuration: string;
  /** The dispatcher's leader address, e.g. `pekko.tcp://flink@10.244.0.7:6123/user/rpc/dispatcher_1`. */
  dispatcherAddress: string;
  /** The leader JobManager's pod IP, from the dispatcher address (undefined while none is elected). */
  leaderIp?: string;
  resourceVersion: string;
}

/** The lock of `clusterId` in `namespace`, or undefined while its ConfigMap or annotation is missing. */
export async function readLeaderLock(
  core: k8s.CoreV1Api,
  namespace: string,
  clusterId: string,
): Promise<LeaderLock | undefined> {
  let cm: k8s.V1ConfigMap;
  try {
    cm = await core.readNamespacedConfigMap({ name: leaderConfigMapName(clusterId), namespace });
  } catch {
    return undefined;
  }
  const raw = cm.metadata?.annotations?.[LEADER_ANNOTATION];
  if (!raw) return undefined;
  const r = JSON.parse(raw) as Record<string, unknown>;
  const dispatcherAddress = cm.data?.[DISPATCHER_KEY] ?? "";
  return {
    holderIdentity: String(r.holderIdentity ?? ""),
    leaderTransitions: Number(r.leaderTransitions ?? 0),
    renewTime: String(r.renewTime ?? ""),
    acquireTime: String(r.acquireTime ?? ""),
    leaseDuration: String(r.leaseDuration ?? r.leaseDurationSeconds ?? ""),
    dispatcherAddress,
    leaderIp: /@([^:/]+):\d+\//.exec(dispatcherAddress)?.[1],
    resourceVersion: cm.metadata?.resourceVersion ?? "",
  };
}
