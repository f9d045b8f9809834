// Owns the kind cluster: creates it (or re-uses a healthy one), loads images, runs commands on the node.
import * as k8s from "@kubernetes/client-node";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { capture, probe, run } from "./exec.ts";
import { info, step, waitFor } from "./log.ts";
import { ensureTool } from "./tools.ts";
import { cacheRoot } from "./versions.ts";

export interface PortMapping {
  /** NodePort (or any port) on the kind node. */
  containerPort: number;
  /** Port on 127.0.0.1 of this machine. */
  hostPort: number;
}

/**
 * The UI of `npm run up`: REST NodePort 30081 -> 127.0.0.1:8081. FLINK_HELM_UI_PORT picks another host
 * port, so that a second cluster (KIND_CLUSTER=<name>) can run beside the first one.
 */
export const DEFAULT_PORT_MAPPINGS: PortMapping[] = [
  { containerPort: 30081, hostPort: Number(process.env.FLINK_HELM_UI_PORT ?? 8081) },
];

export class KindCluster {
  readonly kubeconfig: string;

  constructor(readonly name: string = process.env.KIND_CLUSTER ?? "flink-helm") {
    this.kubeconfig = process.env.FLINK_HELM_KUBECONFIG ?? path.join(cacheRoot, `kubeconfig-${name}`);
  }

  get nodeContainer(): string {
    return `${this.name}-control-plane`;
  }

  /** Environment for child processes (kubectl, helm) pointing at this cluster only. */
  env(): NodeJS.ProcessEnv {
    return { ...process.env, KUBECONFIG: this.kubeconfig };
  }

  /** A client-node KubeConfig for this cluster. */
  kubeConfig(): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(this.kubeconfig);
    return kc;
  }

  /** Runs kubectl against this cluster and returns stdout. */
  kubectl(args: readonly string[], input?: string): Promise<string> {
    return capture(ensureTool("kubectl"), args, { env: this.env(), input });
  }

  private nodeImage(): string | undefined {
    const r = probe("docker", ["inspect", "-f", "{{.State.Running}} {{.Config.Image}}", this.nodeContainer]);
    if (r.code !== 0) return undefined;
    const [running, image] = r.stdout.trim().split(" ");
    return running === "true" ? image : "(stopped)";
  }

  private async healthy(): Promise<boolean> {
    if (!existsSync(this.kubeconfig)) return false;
    const r = await run(ensureTool("kubectl"), ["get", "--raw", "/readyz", "--request-timeout=5s"], {
      env: this.env(),
      stream: false,
      allowFailure: true,
    });
    if (r.code !== 0 || r.stdout.trim() !== "ok") return false;
    // A node container restarted with its Docker daemon can serve the API while its kubelet is lost.
    const nodes = await run(
      ensureTool("kubectl"),
      ["get", "nodes", "-o", "jsonpath={.items[*].status.conditions[?(@.type=='Ready')].status}"],
      {
        env: this.env(),
        stream: false,
        allowFailure: true,
      },
    );
    return (
      nodes.code === 0 &&
      nodes.stdout.trim() !== "" &&
      nodes.stdout
        .trim()
        .split(/\s+/)
        .every((s) => s === "True")
    );
  }

  /** Creates the cluster from `image`, unless a healthy one from the same image already runs. */
  async ensure(image: string, ports: PortMapping[] = DEFAULT_PORT_MAPPINGS): Promise<void> {
    const current = this.nodeImage();
    if (current === image && (await this.healthy())) {
      info(`kind cluster ${this.name}: re-using the running cluster (node image ${image})`);
      return;
    }
    const kind = ensureTool("kind");
    if (current !== undefined) {
      info(
        `kind cluster ${this.name}: ${current === image ? "not healthy" : `runs ${current}, want ${image}`}; recreating it`,
      );
      await run(kind, ["delete", "cluster", "--name", this.name, "--kubeconfig", this.kubeconfig], { stream: false });
    }
    const config = this.writeConfig(ports);
    await step(`kind create cluster ${this.name} (node image ${image})`, () =>
      run(kind, [
        "create",
        "cluster",
        "--name",
        this.name,
        "--image",
        image,
        "--config",
        config,
        "--kubeconfig",
        this.kubeconfig,
        "--wait",
        "3m",
      ]),
    );
    await this.waitSystemReady();
  }

  /** kind config: port mappings on 127.0.0.1 only, and the containerd setting this machine needs. */
  private writeConfig(ports: PortMapping[]): string {
    const lines = ["kind: Cluster", "apiVersion: kind.x-k8s.io/v1alpha4"];
    if (!hasCapability(CAP_SYS_RESOURCE)) {
      // Without CAP_SYS_RESOURCE the node cannot lower oom_score_adj, which runc does for every
      // pod with a negative score (the control plane's static pods): let containerd clamp it.
      info("this machine lacks CAP_SYS_RESOURCE: containerd clamps oom_score_adj (restrict_oom_score_adj)");
      lines.push(
        "containerdConfigPatches:",
        "  - |-",
        '    [plugins."io.containerd.grpc.v1.cri"]',
        "      restrict_oom_score_adj = true",
      );
    }
    lines.push("nodes:", "  - role: control-plane", "    extraPortMappings:");
    for (const p of ports) {
      lines.push(
        `      - containerPort: ${p.containerPort}`,
        `        hostPort: ${p.hostPort}`,
        "        listenAddress: 127.0.0.1",
        "        protocol: TCP",
      );
    }
    mkdirSync(cacheRoot, { recursive: true });
    const file = path.join(cacheRoot, `kind-config-${this.name}.yaml`);
    writeFileSync(file, lines.join("\n") + "\n");
    return file;
  }

  private async waitSystemReady(): Promise<void> {
    await waitFor({ what: "CoreDNS and the default StorageClass", timeoutMs: 180_000 }, async () => {
      const dns = await this.kubectl([
        "-n",
        "kube-system",
        "get",
        "deploy",
        "coredns",
        "-o",
        "jsonpath={.status.readyReplicas}",
      ]);
      const sc = await this.kubectl(["get", "storageclass", "-o", "name"]);
      const ready = Number(dns) >= 1 && sc.includes("standard");
      return { done: ready ? true : undefined, status: `coredns ready=${dns || 0}, storageclasses=${sc || "none"}` };
    });
  }

  /** Loads local Docker images into the node (kind skips images already present there). */
  async loadImages(images: readonly string[]): Promise<void> {
    await step(`kind load docker-image ${images.join(" ")}`, () =>
      run(ensureTool("kind"), ["load", "docker-image", "--name", this.name, ...images]),
    );
  }

  /** Runs a command inside the kind node container (crictl, kill, ...). */
  nodeExec(args: readonly string[]): Promise<string> {
    return capture("docker", ["exec", this.nodeContainer, ...args]);
  }

  async delete(): Promise<void> {
    if (this.nodeImage() === undefined) {
      info(`kind cluster ${this.name}: not present`);
      return;
    }
    await step(`kind delete cluster ${this.name}`, () =>
      run(ensureTool("kind"), ["delete", "cluster", "--name", this.name, "--kubeconfig", this.kubeconfig]),
    );
  }
}

const CAP_SYS_RESOURCE = 24;

/** True when this process's capability bounding set includes capability number `cap`. */
export function hasCapability(cap: number): boolean {
  const m = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
  if (!m) return true;
  return ((BigInt(`0x${m[1]}`) >> BigInt(cap)) & 1n) === 1n;
}
