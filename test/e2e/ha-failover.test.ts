// Scenarios 3, 4, 6, 7 and 9 on one application cluster with HA (values-examples/application-ha.yaml):
// the leader JobManager deleted (graceful) and SIGKILLed from the kind node (crash), the standby takes
// over and the job resumes from its latest checkpoint with its state intact; the Flink service account
// can touch nothing but ConfigMaps in its namespace; `helm upgrade` with a configuration change rolls
// the pods and keeps the state; `helm uninstall` leaves nothing behind, HA ConfigMaps included.
import * as k8s from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { waitFor } from "../../scripts/lib/log.ts";
import { deletePod, leaderJobManager, sigkill } from "./lib/faults.ts";
import { beforeFault, expectRecovered } from "./lib/recovery.ts";
import { useScenario, type Scenario } from "./lib/scenario.ts";
import { installTestJobApplication } from "./lib/testjob.ts";

/** Waits until a JobManager other than `previous` holds leadership; returns its pod name. */
async function newLeader(s: Scenario, previous: string): Promise<string> {
  return waitFor(
    { what: `a JobManager other than ${previous} to lead`, timeoutMs: 300_000, intervalMs: 500 },
    async () => {
      const leader = await leaderJobManager(s).catch(() => undefined);
      const name = leader?.metadata?.name;
      return { done: name && name !== previous ? name : undefined, status: `leader ${name ?? "unknown"}` };
    },
  );
}

describe("HA application cluster (values-examples/application-ha.yaml)", () => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useScenario("ha", async (s) => {
    ({ rest, jid } = await installTestJobApplication(s, {
      valuesFiles: ["values-examples/application-ha.yaml"],
      pods: 3,
    }));
  });

  it("fails over gracefully: the leader JobManager pod is deleted, the standby takes over the same job", async () => {
    const s = ctx.s;
    const before = await beforeFault(rest, jid);
    const leader = (await leaderJobManager(s)).metadata!.name!;
    s.timings.mark("fault");
    await deletePod(s, leader);
    const next = await newLeader(s, leader);
    s.timings.lap("graceful: fault to new leader elected", "fault");
    expect(next).not.toBe(leader);
    await expectRecovered(s, rest, before, "graceful");
  });

  it("fails over after a crash: the leader's JVM is SIGKILLed from the kind node, no clean shutdown", async () => {
    const s = ctx.s;
    const before = await beforeFault(rest, jid);
    const leaderPod = await leaderJobManager(s);
    const leader = leaderPod.metadata!.name!;
    const restartsBefore = leaderPod.status?.containerStatuses?.[0]?.restartCount ?? 0;
    s.timings.mark("fault");
    await sigkill(s, leaderPod, "jobmanager");
    await expectRecovered(s, rest, before, "crash");
    const killed = (await s.pods("app.kubernetes.io/component=jobmanager")).find((p) => p.metadata?.name === leader);
    expect(
      killed?.status?.containerStatuses?.[0]?.restartCount ?? 0,
      "the killed container was restarted by the kubelet",
    ).toBeGreaterThan(restartsBefore);
    expect(killed?.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(137);
  });

  it("gives the Flink service account nothing beyond ConfigMaps in its own namespace", async () => {
    const s = ctx.s;
    const authz = s.kc.makeApiClient(k8s.AuthorizationV1Api);
    const user = `system:serviceaccount:${s.namespace}:${s.release}`;
    const can = async (verb: string, resource: string, namespace: string, group = "") => {
      const r = await authz.createSubjectAccessReview({
        body: {
          spec: {
            user,
            groups: ["system:serviceaccounts", `system:serviceaccounts:${s.namespace}`],
            resourceAttributes: { verb, resource, namespace, group },
          },
        },
      });
      return r.status?.allowed === true;
    };
    for (const verb of ["get", "list", "watch", "create", "update", "patch", "delete"])
      expect(await can(verb, "configmaps", s.namespace), verb).toBe(true);
    expect(await can("deletecollection", "configmaps", s.namespace)).toBe(false);
    expect(await can("get", "configmaps", "default")).toBe(false);
    expect(await can("get", "configmaps", "kube-system")).toBe(false);
    for (const resource of ["secrets", "pods", "services", "persistentvolumeclaims", "serviceaccounts"]) {
      expect(await can("get", resource, s.namespace), resource).toBe(false);
    }
    expect(await can("get", "deployments", s.namespace, "apps")).toBe(false);
    expect(await can("create", "roles", s.namespace, "rbac.authorization.k8s.io")).toBe(false);
    expect(await can("list", "nodes", "")).toBe(false);
  });

  it("runs every pod under the enforced restricted Pod Security Standard", async () => {
    const s = ctx.s;
    const ns = await s.core.readNamespace({ name: s.namespace });
    expect(ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const pods = await s.pods(`app.kubernetes.io/instance=${s.release}`);
    expect(pods.length).toBeGreaterThanOrEqual(3);
    for (const p of pods) {
      expect(p.spec?.securityContext?.runAsNonRoot, p.metadata?.name).toBe(true);
      expect(p.spec?.securityContext?.seccompProfile?.type).toBe("RuntimeDefault");
      for (const c of [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])]) {
        expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
        expect(c.securityContext?.capabilities?.drop).toEqual(["ALL"]);
        expect(c.securityContext?.readOnlyRootFilesystem).toBe(true);
      }
    }
  });

  it("keeps the job's state across a helm upgrade that changes the configuration and rolls every pod", async () => {
    const s = ctx.s;
    const before = await beforeFault(rest, jid);
    const oldPods = new Set((await s.pods(`app.kubernetes.io/instance=${s.release}`)).map((p) => p.metadata?.uid));
    s.timings.mark("fault");
    await s.upgrade(
      { flinkConfiguration: { "execution.checkpointing.interval": "3 s", "web.refresh-interval": 5000 } },
      3,
    );
    const current = (
      await s.pods(`app.kubernetes.io/instance=${s.release},app.kubernetes.io/component in (jobmanager,taskmanager)`)
    ).filter((p) => !p.metadata?.deletionTimestamp);
    expect(
      current.filter((p) => oldPods.has(p.metadata?.uid)).map((p) => p.metadata?.name),
      "pods that did not roll",
    ).toEqual([]);
    await expectRecovered(s, rest, before, "helm upgrade");
  });

  it("leaves nothing behind on helm uninstall, HA ConfigMaps included", async () => {
    const s = ctx.s;
    const ha = await s.core.listNamespacedConfigMap({
      namespace: s.namespace,
      labelSelector: `app=${s.release},type=flink-native-kubernetes`,
    });
    expect(ha.items.length, "HA ConfigMaps exist before the uninstall").toBeGreaterThan(0);
    s.timings.mark("uninstall");
    await s.uninstall();
    s.timings.lap("helm uninstall", "uninstall");
    expect(await s.leftovers()).toEqual([]);
  });
});
