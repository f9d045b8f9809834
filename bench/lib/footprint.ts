// Peak memory of every Flink container against its limit. One long-lived `docker exec` into the kind
// node prints, every 2 s, each pod container's cgroup (v1) memory usage, the inactive page cache
// and the kernel's own peak (memory.max_usage_in_bytes); container ids are mapped to pods through
// the Kubernetes API. Reported per component (jobmanager / taskmanager), the maximum over its pods:
//   working set = usage - inactive_file (what kubelet's eviction and `kubectl top` count),
//   kernel peak = max_usage_in_bytes (includes page cache, which the kernel reclaims before an OOM kill).
import type * as k8s from "@kubernetes/client-node";
import { spawn, type ChildProcess } from "node:child_process";
import type { KindCluster } from "../../harness/cluster.ts";

const SCRIPT = `
while :; do
  for d in /sys/fs/cgroup/memory/kubelet.slice/kubelet-kubepods.slice/*/cri-containerd-*.scope /sys/fs/cgroup/memory/kubelet.slice/kubelet-kubepods.slice/*/*/cri-containerd-*.scope; do
    [ -r "$d/memory.usage_in_bytes" ] || continue
    id=\${d##*/cri-containerd-}; id=\${id%.scope}
    u=$(cat "$d/memory.usage_in_bytes" 2>/dev/null) || continue
    m=$(cat "$d/memory.max_usage_in_bytes" 2>/dev/null) || continue
    i=$(awk '$1=="total_inactive_file"{print $2}' "$d/memory.stat" 2>/dev/null)
    echo "C $id $u \${i:-0} $m"
  done
  echo E
  sleep 2
done`;

export interface ComponentFootprint {
  /** Highest working set (usage - inactive page cache) seen, MiB. */
  peak_working_set_mib: number;
  /** The kernel's peak usage including page cache (memory.max_usage_in_bytes), MiB. */
  peak_usage_mib: number;
  /** The container's memory limit, MiB. */
  limit_mib: number;
  /** peak_working_set_mib / limit_mib. */
  ratio: number;
  /** Pods sampled. */
  pods: number;
}

interface ContainerPeak {
  pod: string;
  component: string;
  container: string;
  limitBytes: number;
  workingSet: number;
  kernelPeak: number;
}

function parseQuantity(q: string | undefined): number {
  if (!q) return NaN;
  const m = /^([0-9.]+)([KMGT]i?)?$/.exec(q);
  if (!m) return NaN;
  const mult: Record<string, number> = {
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

export class FootprintSampler {
  private child?: ChildProcess;
  private readonly peaks = new Map<string, ContainerPeak>();
  private readonly unknown = new Set<string>();
  private resolving?: Promise<void>;
  private buffer = "";

  constructor(
    private readonly cluster: KindCluster,
    private readonly core: k8s.CoreV1Api,
    private readonly namespace: string,
  ) {}

  start(): void {
    if (this.child) return;
    this.child = spawn("docker", ["exec", "-i", this.cluster.nodeContainer, "sh", "-c", SCRIPT], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    this.child.stdout!.on("data", (d: Buffer) => {
      this.buffer += d.toString();
      const lines = this.buffer.split("\n");
      this.buffer = lines.pop() ?? "";
      for (const l of lines) this.line(l);
    });
  }

  private readonly samples = new Map<string, { usage: number; inactive: number; max: number }>();

  private line(l: string): void {
    const p = l.trim().split(" ");
    if (p[0] === "C" && p.length === 5) {
      const [, id, u, i, m] = p;
      this.samples.set(id!, { usage: Number(u), inactive: Number(i), max: Number(m) });
    } else if (p[0] === "E") {
      const batch = new Map(this.samples);
      this.samples.clear();
      void this.record(batch);
    }
  }

  private async record(batch: Map<string, { usage: number; inactive: number; max: number }>): Promise<void> {
    const missing = [...batch.keys()].filter((id) => !this.peaks.has(id) && !this.unknown.has(id));
    if (missing.length) await this.resolve();
    for (const [id, s] of batch) {
      const c = this.peaks.get(id);
      if (!c) continue;
      c.workingSet = Math.max(c.workingSet, s.usage - s.inactive);
      c.kernelPeak = Math.max(c.kernelPeak, s.max);
    }
  }

  /** Maps container ids of this namespace's Flink pods to pod, component and limit. */
  private resolve(): Promise<void> {
    this.resolving ??= (async () => {
      try {
        const pods = (await this.core.listNamespacedPod({ namespace: this.namespace })).items;
        for (const pod of pods) {
          const component = pod.metadata?.labels?.["app.kubernetes.io/component"];
          for (const st of pod.status?.containerStatuses ?? []) {
            const id = st.containerID?.replace(/^containerd:\/\//, "");
            if (!id || this.peaks.has(id)) continue;
            const spec = pod.spec?.containers.find((c) => c.name === st.name);
            if (!component || (st.name !== "jobmanager" && st.name !== "taskmanager")) {
              this.unknown.add(id);
              continue;
            }
            this.peaks.set(id, {
              pod: pod.metadata?.name ?? "?",
              component,
              container: st.name,
              limitBytes: parseQuantity(spec?.resources?.limits?.memory),
              workingSet: 0,
              kernelPeak: 0,
            });
          }
        }
      } catch {
        // the next sample retries
      } finally {
        this.resolving = undefined;
      }
    })();
    return this.resolving;
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    const child = this.child;
    this.child = undefined;
    child.kill("SIGTERM");
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once("exit", () => r())));
  }

  /** Per component, the maximum over its containers. */
  result(): Record<string, ComponentFootprint> {
    const out: Record<string, ComponentFootprint> = {};
    const mib = (b: number) => Math.round(b / 1024 / 1024);
    const byComponent = new Map<string, ContainerPeak[]>();
    for (const c of this.peaks.values()) {
      if (c.workingSet === 0) continue;
      byComponent.set(c.component, [...(byComponent.get(c.component) ?? []), c]);
    }
    for (const [component, list] of byComponent) {
      const ws = Math.max(...list.map((c) => c.workingSet));
      const kp = Math.max(...list.map((c) => c.kernelPeak));
      const limit = Math.max(...list.map((c) => c.limitBytes));
      out[component] = {
        peak_working_set_mib: mib(ws),
        peak_usage_mib: mib(kp),
        limit_mib: mib(limit),
        ratio: Number((ws / limit).toFixed(2)),
        pods: new Set(list.map((c) => c.pod)).size,
      };
    }
    return out;
  }
}
