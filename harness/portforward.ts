// A local 127.0.0.1 port that forwards to a Kubernetes Service the way a client outside the cluster
// would reach it: each new connection goes to a pod that is currently a ready endpoint of the
// Service. Unlike `kubectl port-forward svc/...` (pinned to one pod), it survives the pod dying,
// which is what failover tests need.
import * as k8s from "@kubernetes/client-node";
import net from "node:net";

export interface Forward {
  url: string;
  port: number;
  close(): Promise<void>;
}

async function readyEndpointPod(kc: k8s.KubeConfig, namespace: string, service: string): Promise<string> {
  const discovery = kc.makeApiClient(k8s.DiscoveryV1Api);
  const slices = await discovery.listNamespacedEndpointSlice({
    namespace,
    labelSelector: `kubernetes.io/service-name=${service}`,
  });
  for (const slice of slices.items) {
    for (const ep of slice.endpoints) {
      if (ep.conditions?.ready && ep.targetRef?.kind === "Pod" && ep.targetRef.name) return ep.targetRef.name;
    }
  }
  throw new Error(`service ${namespace}/${service} has no ready endpoint`);
}

/** Opens 127.0.0.1:<random port> forwarding to `targetPort` of the ready pods behind `service`. */
export function forwardService(
  kc: k8s.KubeConfig,
  namespace: string,
  service: string,
  targetPort: number,
): Promise<Forward> {
  return forwardTo(kc, namespace, () => readyEndpointPod(kc, namespace, service), targetPort);
}

/** Opens 127.0.0.1:<random port> forwarding to `targetPort` of one pod, ready or not. */
export function forwardPod(kc: k8s.KubeConfig, namespace: string, pod: string, targetPort: number): Promise<Forward> {
  return forwardTo(kc, namespace, async () => pod, targetPort);
}

/** The forward itself: each new connection goes to the pod `pick` names at that moment. */
async function forwardTo(
  kc: k8s.KubeConfig,
  namespace: string,
  pick: () => Promise<string>,
  targetPort: number,
): Promise<Forward> {
  const pf = new k8s.PortForward(kc, true);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    pick()
      .then((pod) => pf.portForward(namespace, pod, [targetPort], socket, null, socket))
      .then((ws) => {
        const w = typeof ws === "function" ? ws() : ws;
        w?.on("close", () => socket.destroy());
        socket.on("close", () => w?.close());
      })
      .catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
