// Faults injected into a running release: a pod deleted (graceful, as `kubectl delete pod`), and a
// container's main process SIGKILLed (a crash: no chance to shut down) or SIGSTOPped (a hung JVM) from
// the kind node, outside the container (the JVM is PID 1 there, so `kill -9 1` inside does nothing).
import type * as k8s from "@kubernetes/client-node";
import type { Release } from "./release.ts";

/** Deletes a pod the way `kubectl delete pod` does (SIGTERM, then the grace period). */
export async function deletePod(r: Release, name: string): Promise<void> {
  await r.core.deleteNamespacedPod({ name, namespace: r.namespace });
}

/** Sends SIGKILL to the main process of `container` in `pod`, from the kind node. */
export async function sigkill(r: Release, pod: k8s.V1Pod, container: string): Promise<void> {
  await signal(r, pod, container, "KILL");
}

/**
 * Pauses the main process of `container` in `pod` with SIGSTOP from the kind node (a hung JVM: its
 * sockets stay bound, nothing answers) and returns a function that resumes it with SIGCONT.
 */
export async function sigstop(r: Release, pod: k8s.V1Pod, container: string): Promise<() => Promise<void>> {
  const pid = await signal(r, pod, container, "STOP");
  return async () => {
    await r.cluster.nodeExec(["kill", "-CONT", pid]);
  };
}

/** Sends SIG`name` to the main process of `container` in `pod` from the kind node; returns its pid. */
async function signal(r: Release, pod: k8s.V1Pod, container: string, name: "KILL" | "STOP"): Promise<string> {
  const status = pod.status?.containerStatuses?.find((c) => c.name === container);
  const id = status?.containerID?.replace(/^containerd:\/\//, "");
  if (!id) throw new Error(`pod ${pod.metadata?.name} has no running container ${container}`);
  const pid = await r.cluster.nodeExec([
    "crictl",
    "inspect",
    "--output",
    "go-template",
    "--template",
    "{{.info.pid}}",
    id,
  ]);
  if (!/^\d+$/.test(pid)) throw new Error(`crictl inspect ${id} gave no pid: ${pid}`);
  await r.cluster.nodeExec(["kill", `-${name}`, pid]);
  return pid;
}
