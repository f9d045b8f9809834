// Faults injected into a running Flink cluster: find the leader JobManager, delete pods, SIGKILL a
// container's main process from outside the container (from the kind node).
import type * as k8s from "@kubernetes/client-node";
import type { Scenario } from "./scenario.ts";

/** What the faults need of a scenario (the benchmark in bench/ passes its own, structurally equal). */
export type FaultTarget = Pick<Scenario, "core" | "namespace" | "release" | "pods" | "cluster">;

/** The JobManager pod currently holding leadership, read from the HA ConfigMap (dispatcher address). */
export async function leaderJobManager(s: FaultTarget, clusterId = s.release): Promise<k8s.V1Pod> {
  const cm = await s.core.readNamespacedConfigMap({ name: `${clusterId}-cluster-config-map`, namespace: s.namespace });
  const address = cm.data?.["org.apache.flink.k8s.leader.dispatcher"] ?? "";
  const ip = /@([^:/]+):\d+\//.exec(address)?.[1];
  if (!ip) throw new Error(`no leader address in ${clusterId}-cluster-config-map: ${address || "(empty)"}`);
  const pods = await s.pods("app.kubernetes.io/component=jobmanager");
  const leader = pods.find((p) => p.status?.podIP === ip && !p.metadata?.deletionTimestamp);
  if (!leader)
    throw new Error(
      `the leader's address ${ip} matches no JobManager pod (${pods.map((p) => `${p.metadata?.name}=${p.status?.podIP}`).join(", ")})`,
    );
  return leader;
}

/** Deletes a pod the way `kubectl delete pod` does (graceful: SIGTERM, then the grace period). */
export async function deletePod(s: FaultTarget, name: string): Promise<void> {
  await s.core.deleteNamespacedPod({ name, namespace: s.namespace });
}

/**
 * Sends SIGKILL to the main process of `container` in `pod`, from the kind node (outside the
 * container, so the JVM gets no chance to shut down; `kill -9 1` inside the container does nothing).
 */
export async function sigkill(s: FaultTarget, pod: k8s.V1Pod, container: string): Promise<void> {
  const status = pod.status?.containerStatuses?.find((c) => c.name === container);
  const id = status?.containerID?.replace(/^containerd:\/\//, "");
  if (!id) throw new Error(`pod ${pod.metadata?.name} has no running container ${container}`);
  const pid = await s.cluster.nodeExec([
    "crictl",
    "inspect",
    "--output",
    "go-template",
    "--template",
    "{{.info.pid}}",
    id,
  ]);
  if (!/^\d+$/.test(pid)) throw new Error(`crictl inspect ${id} gave no pid: ${pid}`);
  await s.cluster.nodeExec(["kill", "-9", pid]);
}
