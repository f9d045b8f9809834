// Namespaces of the releases of the e2e suite and the benchmark: created enforcing the "restricted"
// Pod Security Standard and labelled with who owns them; deleted and waited for, unless the user keeps
// them; an interrupted run's leftovers found by that label.
import * as k8s from "@kubernetes/client-node";
import { info, waitFor } from "./log.ts";

/** Creates `name` enforcing the restricted Pod Security Standard, labelled part-of `partOf`. */
export async function createRestrictedNamespace(core: k8s.CoreV1Api, name: string, partOf: string): Promise<void> {
  await core.createNamespace({
    body: {
      metadata: {
        name,
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "latest",
          "pod-security.kubernetes.io/warn": "restricted",
          "app.kubernetes.io/part-of": partOf,
        },
      },
    },
  });
}

/** Deletes `name` and waits until it is gone; keeps it (and says so) when the env var `keepVar` is 1. */
export async function deleteNamespace(core: k8s.CoreV1Api, name: string, keepVar: string): Promise<void> {
  if (process.env[keepVar] === "1") {
    info(`keeping namespace ${name} (${keepVar}=1)`);
    return;
  }
  await core.deleteNamespace({ name, gracePeriodSeconds: 0 }).catch(() => undefined);
  await waitFor({ what: `namespace ${name} to be deleted`, timeoutMs: 300_000, intervalMs: 1000 }, async () => {
    try {
      const ns = await core.readNamespace({ name });
      return { status: ns.status?.phase ?? "?" };
    } catch {
      return { done: true, status: "gone" };
    }
  });
}

/** Deletes (without waiting) every namespace labelled part-of `partOf`: what an interrupted run left. */
export async function deleteNamespacesOf(kc: k8s.KubeConfig, partOf: string): Promise<void> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const list = await core.listNamespace({ labelSelector: `app.kubernetes.io/part-of=${partOf}` });
  for (const ns of list.items) {
    const name = ns.metadata?.name;
    if (!name || ns.metadata?.deletionTimestamp) continue;
    info(`deleting namespace ${name}, left by an earlier run`);
    await core.deleteNamespace({ name, gracePeriodSeconds: 0 }).catch(() => undefined);
  }
}
