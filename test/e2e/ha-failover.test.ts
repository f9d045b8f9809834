// One HA application cluster (values-examples/application-ha.yaml) taken through its life: the leader
// JobManager deleted (graceful) and SIGKILLed from the kind node (crash: its sidecar releases the dead
// JVM's lock), the standby takes over and the job resumes from its latest checkpoint with its state
// intact; a crashed standby releases nothing; a paused leader keeps its lock until the lease expires; the Flink service account can touch
// nothing but ConfigMaps in its namespace; every pod runs under the restricted Pod Security Standard;
// `helm upgrade` with a configuration change rolls the pods and keeps the state; `helm uninstall`
// leaves nothing behind, HA ConfigMaps included.
import * as k8s from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { deletePod, sigkill, sigstop } from "../../harness/faults.ts";
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { waitFor } from "../../harness/log.ts";
import type { Release } from "../../harness/release.ts";
import { installTestJobApplication } from "../../harness/testjob.ts";
import { beforeFault, expectRecovered } from "./lib/recovery.ts";
import { useRelease } from "./lib/suite.ts";

/** Waits until a JobManager other than `previous` holds leadership; returns its pod name. */
async function newLeader(r: Release, previous: string): Promise<string> {
  const what = `a JobManager other than ${previous} to lead`;
  return waitFor({ what, timeoutMs: 300_000, intervalMs: 500 }, async () => {
    const leader = await r.leader().catch(() => undefined);
    const name = leader?.metadata?.name;
    return { done: name && name !== previous ? name : undefined, status: `leader ${name ?? "unknown"}` };
  });
}

describe("HA application cluster (values-examples/application-ha.yaml)", () => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useRelease("ha", async (r) => {
    ({ rest, jid } = await installTestJobApplication(r, {
      valuesFiles: ["values-examples/application-ha.yaml"],
      pods: 3,
    }));
  });

  it("fails over gracefully: the leader JobManager pod is deleted, the standby takes over the same job", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    const leader = (await r.leader()).metadata!.name!;
    r.timings.mark("fault");
    await deletePod(r, leader);
    const next = await newLeader(r, leader);
    r.timings.lap("graceful: fault to new leader elected", "fault");
    expect(next).not.toBe(leader);
    await expectRecovered(r, rest, before, "graceful");
  });

  it("fails over after a crash: the leader's JVM is SIGKILLed from the kind node, no clean shutdown", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    const leaderPod = await r.leader();
    const leader = leaderPod.metadata!.name!;
    const restartsBefore = leaderPod.status?.containerStatuses?.[0]?.restartCount ?? 0;
    r.timings.mark("fault");
    await sigkill(r, leaderPod, "jobmanager");
    await expectRecovered(r, rest, before, "crash");
    const killed = (await r.jobManagerPods()).find((p) => p.metadata?.name === leader);
    expect(
      killed?.status?.containerStatuses?.[0]?.restartCount ?? 0,
      "the killed container was restarted by the kubelet",
    ).toBeGreaterThan(restartsBefore);
    expect(killed?.status?.containerStatuses?.[0]?.lastState?.terminated?.exitCode).toBe(137);
    // The standby did not wait for the lease: the killed pod's sidecar saw the JVM gone and released it.
    expect((await r.leader()).metadata?.name, "the standby leads").not.toBe(leader);
    expect(await r.podLog(leader, "leader-lock-release")).toMatch(/released \S+ held by this JobManager's exited JVM/);
  });

  it("a crashed standby releases nothing: the leader keeps its lock and its job", async () => {
    const r = ctx.r;
    const leader = (await r.leader()).metadata!.name!;
    const holder = (await r.leaderLock())!.holderIdentity;
    const name = (await r.jobManagerPods()).find((p) => p.metadata?.name !== leader)!.metadata!.name!;
    // A standby still starting (the previous test crashed it) has not logged its lock identity yet:
    // kill it only once it is up, so that the crash watch has a JVM to judge.
    const standby = await waitFor({ what: `standby ${name} ready`, timeoutMs: 180_000 }, async () => {
      const p = (await r.jobManagerPods()).find((q) => q.metadata?.name === name);
      const ready = p?.status?.containerStatuses?.[0]?.ready === true;
      const elector = ready && (await r.podLog(name, "jobmanager")).includes("Create KubernetesLeaderElector");
      return { done: elector ? p : undefined, status: `ready ${ready}, lock identity logged ${elector}` };
    });
    const restarts = standby.status?.containerStatuses?.[0]?.restartCount ?? 0;
    await sigkill(r, standby, "jobmanager");
    await waitFor({ what: `standby ${name} restarted and ready`, timeoutMs: 180_000 }, async () => {
      const p = (await r.jobManagerPods()).find((q) => q.metadata?.name === name);
      const c = p?.status?.containerStatuses?.[0];
      const done = (c?.restartCount ?? 0) > restarts && c?.ready === true;
      return { done: done || undefined, status: `restarts ${c?.restartCount}, ready ${c?.ready}` };
    });
    expect((await r.leaderLock())!.holderIdentity, "the leader's lock identity").toBe(holder);
    expect((await r.leader()).metadata?.name).toBe(leader);
    const log = await r.podLog(name, "leader-lock-release");
    expect(log).toContain("a JVM of the jobmanager container has exited");
    expect(log).toContain("is not held by a JVM of this JobManager");
    expect((await rest.job(jid)).state).toBe("RUNNING");
  });

  it("a paused leader (SIGSTOP past the lease) is not taken for dead: its lock expires, the standby leads, no update is lost or doubled", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    const leaderPod = await r.leader();
    const leader = leaderPod.metadata!.name!;
    const pausedAt = Date.now();
    const resume = await sigstop(r, leaderPod, "jobmanager");
    try {
      await newLeader(r, leader);
      const since = Math.ceil((Date.now() - pausedAt) / 1000) + 1;
      const log = await r.podLog(leader, "leader-lock-release", since);
      expect(log, "the paused JVM's sidecar released nothing").not.toMatch(/released|has exited/);
    } finally {
      await resume();
    }
    await expectRecovered(r, rest, before, "pause");
  });

  it("gives the Flink service account nothing beyond ConfigMaps and listing its pods, in its own namespace", async () => {
    const r = ctx.r;
    const authz = r.kc.makeApiClient(k8s.AuthorizationV1Api);
    const user = `system:serviceaccount:${r.namespace}:${await r.serviceAccountName()}`;
    const groups = ["system:serviceaccounts", `system:serviceaccounts:${r.namespace}`];
    const can = async (verb: string, resource: string, namespace: string, group = "") => {
      const review = await authz.createSubjectAccessReview({
        body: { spec: { user, groups, resourceAttributes: { verb, resource, namespace, group } } },
      });
      return review.status?.allowed === true;
    };
    for (const verb of ["get", "list", "watch", "create", "update", "patch", "delete"])
      expect(await can(verb, "configmaps", r.namespace), verb).toBe(true);
    expect(await can("deletecollection", "configmaps", r.namespace)).toBe(false);
    expect(await can("get", "configmaps", "default")).toBe(false);
    expect(await can("get", "configmaps", "kube-system")).toBe(false);
    for (const resource of ["secrets", "pods", "services", "persistentvolumeclaims", "serviceaccounts"]) {
      expect(await can("get", resource, r.namespace), resource).toBe(false);
    }
    // The exit handover of an upgrade: a leader waits for the other JobManagers of its ReplicaSet.
    expect(await can("list", "pods", r.namespace), "list pods").toBe(true);
    expect(await can("list", "pods", "default"), "list pods elsewhere").toBe(false);
    for (const verb of ["watch", "create", "patch", "delete"])
      expect(await can(verb, "pods", r.namespace), `${verb} pods`).toBe(false);
    expect(await can("get", "deployments", r.namespace, "apps")).toBe(false);
    expect(await can("create", "roles", r.namespace, "rbac.authorization.k8s.io")).toBe(false);
    expect(await can("list", "nodes", "")).toBe(false);
  });

  it("runs every pod under the enforced restricted Pod Security Standard", async () => {
    const r = ctx.r;
    const ns = await r.core.readNamespace({ name: r.namespace });
    expect(ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const pods = await r.pods();
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

  it("applies a helm upgrade that changes the configuration: every pod rolls, the job runs the new configuration with its state", async () => {
    const r = ctx.r;
    const before = await beforeFault(rest, jid);
    const oldPods = new Set((await r.pods()).map((p) => p.metadata?.uid));
    r.timings.mark("fault");
    expect((await rest.checkpointConfig(jid)).timeout).toBe(600_000);
    await r.upgrade(
      {
        flinkConfiguration: {
          "execution.checkpointing.interval": "3 s",
          "execution.checkpointing.timeout": "5 min",
          "web.refresh-interval": 5000,
        },
      },
      3,
    );
    const current = (await r.flinkPods()).filter((p) => !p.metadata?.deletionTimestamp);
    const unrolled = current.filter((p) => oldPods.has(p.metadata?.uid)).map((p) => p.metadata?.name);
    expect(unrolled, "pods that did not roll").toEqual([]);
    await expectRecovered(r, rest, before, "helm upgrade");
    const config = await rest.get<{ key: string; value: string }[]>("/jobmanager/config");
    expect(config.find((e) => e.key === "execution.checkpointing.interval")?.value, "the new interval").toBe("3 s");
    // The job itself runs the new configuration (its own --checkpoint-interval argument wins over the
    // interval, so the timeout tells): the upgrade replaced the stored execution plan.
    expect((await rest.checkpointConfig(jid)).timeout, "the job's new checkpoint timeout").toBe(300_000);
  });

  it("leaves nothing behind on helm uninstall, HA ConfigMaps included", async () => {
    const r = ctx.r;
    const labelSelector = await r.haConfigMapSelector();
    const ha = await r.core.listNamespacedConfigMap({ namespace: r.namespace, labelSelector });
    expect(ha.items.length, "HA ConfigMaps exist before the uninstall").toBeGreaterThan(0);
    r.timings.mark("uninstall");
    await r.uninstall();
    r.timings.lap("helm uninstall", "uninstall");
    expect(await r.leftovers()).toEqual([]);
  });
});
