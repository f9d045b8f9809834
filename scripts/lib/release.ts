// helm install / upgrade / uninstall of the chart into a cluster, with progress while pods start.
import path from "node:path";
import type { KindCluster } from "./cluster.ts";
import { dumpNamespace } from "./diagnostics.ts";
import { run, type RunResult } from "./exec.ts";
import { waitFor } from "./log.ts";
import { ensureTool } from "./tools.ts";
import { repoRoot } from "./versions.ts";

export const chartPath = path.join(repoRoot, "charts", "flink");

export interface ReleaseSpec {
  release: string;
  namespace: string;
  /** Values files relative to the repository root (or absolute). */
  valuesFiles?: string[];
  /** Extra helm arguments, e.g. `--set` pairs from chartImageValues(). */
  args?: string[];
  helm?: "helm3" | "helm4";
}

function valuesArgs(spec: ReleaseSpec): string[] {
  const out: string[] = [];
  for (const f of spec.valuesFiles ?? []) out.push("-f", path.isAbsolute(f) ? f : path.join(repoRoot, f));
  return [...out, ...(spec.args ?? [])];
}

/** Runs helm against the cluster; returns the result without throwing (callers decide). */
export function helm(cluster: KindCluster, args: string[], spec?: Pick<ReleaseSpec, "helm">): Promise<RunResult> {
  return run(ensureTool(spec?.helm ?? "helm4"), args, { env: cluster.env(), stream: false, allowFailure: true });
}

async function must(result: Promise<RunResult>, what: string): Promise<RunResult> {
  const r = await result;
  if (r.code !== 0) throw new Error(`${what} failed:\n${r.stderr.trim() || r.stdout.trim()}`);
  return r;
}

/** `helm upgrade --install` (creating the namespace), without --wait: use waitForPods for progress. */
export function install(cluster: KindCluster, spec: ReleaseSpec): Promise<RunResult> {
  return must(
    helm(
      cluster,
      [
        "upgrade",
        "--install",
        spec.release,
        chartPath,
        "-n",
        spec.namespace,
        "--create-namespace",
        ...valuesArgs(spec),
      ],
      spec,
    ),
    `helm upgrade --install ${spec.release}`,
  );
}

export function uninstall(
  cluster: KindCluster,
  spec: Pick<ReleaseSpec, "release" | "namespace" | "helm">,
): Promise<RunResult> {
  return must(
    helm(cluster, ["uninstall", spec.release, "-n", spec.namespace, "--wait", "--timeout", "5m"], spec),
    `helm uninstall ${spec.release}`,
  );
}

/**
 * Waits for every Deployment and StatefulSet of the release to finish rolling out (`kubectl rollout
 * status`, which prints progress), then for `count` ready pods; dumps diagnostics on failure.
 */
export async function waitForRollout(
  cluster: KindCluster,
  namespace: string,
  release: string,
  count: number,
  timeoutMs = 600_000,
): Promise<void> {
  const selector = `app.kubernetes.io/instance=${release}`;
  try {
    const names = (
      await cluster.kubectl(["-n", namespace, "get", "deployment,statefulset", "-l", selector, "-o", "name"])
    )
      .split("\n")
      .filter(Boolean);
    for (const name of names) {
      await run(
        ensureTool("kubectl"),
        ["-n", namespace, "rollout", "status", name, `--timeout=${Math.round(timeoutMs / 1000)}s`],
        { env: cluster.env() },
      );
    }
  } catch (err) {
    await dumpNamespace(namespace, cluster.env());
    throw err;
  }
  await waitForPods(
    cluster,
    namespace,
    `${selector},app.kubernetes.io/component in (jobmanager,taskmanager)`,
    count,
    timeoutMs,
  );
}

interface PodList {
  items: {
    metadata: { name: string };
    status: {
      phase?: string;
      containerStatuses?: { ready: boolean; restartCount: number; state?: Record<string, { reason?: string }> }[];
    };
  }[];
}

/**
 * Waits until `count` pods of the release (all of them when count is omitted) are Running and ready,
 * printing their state while waiting; on timeout dumps the namespace's diagnostics and throws.
 */
export async function waitForPods(
  cluster: KindCluster,
  namespace: string,
  selector: string,
  count: number,
  timeoutMs = 600_000,
): Promise<void> {
  try {
    await waitFor(
      { what: `${count} ready pod(s) matching ${selector} in ${namespace}`, timeoutMs, intervalMs: 2000 },
      async () => {
        const list = JSON.parse(
          await cluster.kubectl(["-n", namespace, "get", "pods", "-l", selector, "-o", "json"]),
        ) as PodList;
        const ready = list.items.filter(
          (p) => p.status.phase === "Running" && (p.status.containerStatuses ?? []).every((c) => c.ready),
        );
        const status = list.items
          .map((p) => {
            const c = p.status.containerStatuses?.[0];
            const waiting = c?.state?.waiting?.reason ?? c?.state?.terminated?.reason;
            return `${p.metadata.name}=${waiting ?? p.status.phase ?? "?"}${c?.restartCount ? ` (restarts ${c.restartCount})` : ""}`;
          })
          .join(", ");
        return { done: ready.length >= count ? true : undefined, status: status || "no pods yet" };
      },
    );
  } catch (err) {
    await dumpNamespace(namespace, cluster.env());
    throw err;
  }
}
