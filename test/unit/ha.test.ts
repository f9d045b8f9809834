// Kubernetes HA (config keys, pod IP advertising, standby JobManagers, RBAC limited to
// ConfigMaps of the release namespace, leader-election values) and the uninstall cleanup hook.
import { describe, expect, it } from "vitest";
import { container, podTemplate, render, renderError, type Manifest } from "../lib/render.ts";
import { runContainer } from "../lib/run-container.ts";

const ha = { highAvailability: { enabled: true, storageDir: "s3://bucket/ha" } };

describe("high availability", () => {
  const m = render({ values: ha, namespace: "streaming" });
  const conf = m.flinkConfig();

  it("sets the Kubernetes HA keys, cluster id = full name, namespace = release namespace", () => {
    expect(conf).toMatchObject({
      "high-availability.type": "kubernetes",
      "high-availability.storageDir": "s3://bucket/ha",
      "kubernetes.cluster-id": "rel-flink",
      "kubernetes.namespace": "streaming",
      "high-availability.jobmanager.port": 6123,
    });
  });

  it("uses an exponential-delay restart strategy from 1 s by default (a lost TaskManager costs 1 s, not 10)", () => {
    expect(conf).toMatchObject({
      "restart-strategy.type": "exponential-delay",
      "restart-strategy.exponential-delay.initial-backoff": "1 s",
      "restart-strategy.exponential-delay.max-backoff": "1 min",
    });
    expect(conf).not.toHaveProperty("restart-strategy.fixed-delay.attempts");
    const c = render({
      values: {
        highAvailability: {
          ...ha.highAvailability,
          restartStrategy: { type: "fixed-delay", attempts: 10, delay: "10 s" },
        },
      },
    }).flinkConfig();
    expect(c).toMatchObject({
      "restart-strategy.type": "fixed-delay",
      "restart-strategy.fixed-delay.attempts": 10,
      "restart-strategy.fixed-delay.delay": "10 s",
    });
    expect(c).not.toHaveProperty("restart-strategy.exponential-delay.initial-backoff");
  });

  it("defaults to the measured leader-election timings, with leaseDuration > renewDeadline + retryPeriod", () => {
    expect(conf).toMatchObject({
      "high-availability.kubernetes.leader-election.lease-duration": "8 s",
      "high-availability.kubernetes.leader-election.renew-deadline": "6 s",
      "high-availability.kubernetes.leader-election.retry-period": "1 s",
    });
    const seconds = (k: string) => Number(/^(\d+) s$/.exec(String(conf[k]))?.[1]);
    expect(seconds("high-availability.kubernetes.leader-election.lease-duration")).toBeGreaterThan(
      seconds("high-availability.kubernetes.leader-election.renew-deadline") +
        seconds("high-availability.kubernetes.leader-election.retry-period"),
    );
  });

  it("exposes the leader-election timings as values", () => {
    const c = render({
      values: {
        highAvailability: {
          ...ha.highAvailability,
          leaderElection: { leaseDuration: "30 s", renewDeadline: "20 s", retryPeriod: "2 s" },
        },
      },
    }).flinkConfig();
    expect(c["high-availability.kubernetes.leader-election.lease-duration"]).toBe("30 s");
    expect(c["high-availability.kubernetes.leader-election.retry-period"]).toBe("2 s");
  });

  describe("leader-lock release sidecar", () => {
    const jmPod = (values: object, kubeVersion?: string) =>
      podTemplate(
        render({
          values,
          namespace: "streaming",
          ...(kubeVersion ? { extraArgs: ["--kube-version", kubeVersion] } : {}),
        }).get("Deployment", "rel-flink-jobmanager"),
      );

    it("runs as a native sidecar (restartPolicy Always) after the chart's init containers, reading the log volume", () => {
      const t = jmPod(ha);
      const names = t.spec!.initContainers!.map((c) => c.name);
      expect(names).toEqual(["flink-config", "leader-lock-release"]);
      const s = container(t, "leader-lock-release");
      expect(s.restartPolicy).toBe("Always");
      expect(s.env).toContainEqual({ name: "LOCK_CONFIGMAP", value: "rel-flink-cluster-config-map" });
      expect(s.env, "the crash watch, on the RPC port").toEqual(
        expect.arrayContaining([
          { name: "CRASH_WATCH", value: "true" },
          { name: "JM_RPC_PORT", value: "6123" },
        ]),
      );
      const off = { ...ha.highAvailability, releaseLeaderLock: { onCrash: false } };
      const noWatch = container(
        jmPod({ highAvailability: off, jobManager: { ports: { rpc: 7000 } } }),
        "leader-lock-release",
      );
      expect(noWatch.env).toEqual(
        expect.arrayContaining([
          { name: "CRASH_WATCH", value: "false" },
          { name: "JM_RPC_PORT", value: "7000" },
        ]),
      );
      expect(s.volumeMounts).toEqual([
        { name: "flink-log", mountPath: "/opt/flink/log", readOnly: true },
        { name: "flink-tmp", mountPath: "/tmp" },
        { name: "jobmanager-scripts", mountPath: "/opt/flink-helm/bin", readOnly: true },
      ]);
      expect(s.command).toEqual(["/bin/sh", "/opt/flink-helm/bin/leader-lock-release.sh"]);
      expect(s.resources).toEqual({ requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } });
    });

    it("releases only a lock identity this JobManager's JVMs logged, with the resourceVersion as precondition", () => {
      const scripts = render({ values: ha, namespace: "streaming" }).get("ConfigMap", "rel-flink-jobmanager-scripts");
      const script = scripts.data!["leader-lock-release.sh"]!;
      expect(script, "files/lib.sh in front").toContain("k8s() {");
      expect(script).toContain("Create KubernetesLeaderElector on lock ConfigMapLock: [^ ]* - $LOCK_CONFIGMAP");
      expect(script).toContain(`printf '%s\\n' "$ids" | grep -qx -- "$holder"`);
      expect(script).toContain(`'{"metadata":{"resourceVersion":"'"$rv"'"`);
      expect(script).toContain("trap 'release; exit 0' TERM");
    });

    it("follows a custom cluster id (either value), and is left out when disabled, without HA, or before Kubernetes 1.29", () => {
      const custom = container(
        jmPod({ highAvailability: { ...ha.highAvailability, clusterId: "payments" } }),
        "leader-lock-release",
      );
      expect(custom.env).toContainEqual({ name: "LOCK_CONFIGMAP", value: "payments-cluster-config-map" });
      const viaConfig = container(
        jmPod({ ...ha, flinkConfiguration: { kubernetes: { "cluster-id": "orders" } } }),
        "leader-lock-release",
      );
      expect(viaConfig.env).toContainEqual({ name: "LOCK_CONFIGMAP", value: "orders-cluster-config-map" });
      const names = (t: ReturnType<typeof jmPod>) => t.spec!.initContainers!.map((c) => c.name);
      expect(
        names(jmPod({ highAvailability: { ...ha.highAvailability, releaseLeaderLock: { enabled: false } } })),
      ).toEqual(["flink-config"]);
      expect(names(jmPod({}))).toEqual(["flink-config"]);
      expect(names(jmPod(ha, "1.28.0"))).toEqual(["flink-config"]);
      expect(names(jmPod(ha, "1.29.0"))).toContain("leader-lock-release");
    });
  });

  it("takes a custom cluster id", () => {
    expect(
      render({ values: { highAvailability: { ...ha.highAvailability, clusterId: "payments" } } }).flinkConfig()[
        "kubernetes.cluster-id"
      ],
    ).toBe("payments");
  });

  it("makes JobManagers advertise their pod IP in session and application mode (a dynamic property: Flink 2.x ignores --host)", () => {
    const jm = container(podTemplate(m.get("Deployment", "rel-flink-jobmanager")), "jobmanager");
    expect(jm.args?.[0]).toBe("jobmanager");
    expect(jm.args?.join(" ")).toContain("-D jobmanager.rpc.address=$(POD_IP)");
    expect(jm.args).not.toContain("--host");
    expect(jm.env).toContainEqual({ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
    const appJm = container(
      podTemplate(
        render({
          values: { ...ha, mode: "application", application: { jobClassName: "a.B", args: ["--keys", "8"] } },
        }).get("Deployment", "rel-flink-jobmanager"),
      ),
      "jobmanager",
    );
    const args = appJm.args ?? [];
    expect(args.join(" ")).toContain("-D jobmanager.rpc.address=$(POD_IP)");
    expect(args).not.toContain("--host");
    // dynamic properties must precede the job's own arguments, which end the entrypoint's options
    expect(args.indexOf("jobmanager.rpc.address=$(POD_IP)")).toBeLessThan(args.indexOf("--keys"));
  });

  it("gives HA JobManagers an /etc/hosts that names their IP by the IP, and binds them to it (REST jar runs on a standby reach the leader's BlobServer)", () => {
    const pod = podTemplate(m.get("Deployment", "rel-flink-jobmanager"));
    const jm = container(pod, "jobmanager");
    expect(jm.args?.join(" ")).toContain("-D jobmanager.bind-host=$(POD_IP)");
    expect(jm.volumeMounts).toContainEqual({
      name: "etc-hosts",
      mountPath: "/etc/hosts",
      subPath: "hosts",
      readOnly: true,
    });
    expect(pod.spec?.volumes).toContainEqual({ name: "etc-hosts", emptyDir: {} });
    const init = pod.spec?.initContainers?.find((c) => c.name === "flink-config");
    expect(init?.command?.join(" ")).toContain('"$POD_IP" "$POD_IP" "$(hostname)" > /mnt/etc-hosts/hosts');
    expect(init?.env).toContainEqual({ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
    // TaskManagers, and JobManagers without HA, keep the kubelet's /etc/hosts and the wildcard bind
    const tm = podTemplate(m.get("Deployment", "rel-flink-taskmanager"));
    expect(tm.spec?.volumes?.map((v) => v.name)).not.toContain("etc-hosts");
    const plain = podTemplate(render({ values: {} }).get("Deployment", "rel-flink-jobmanager"));
    expect(plain.spec?.volumes?.map((v) => v.name)).not.toContain("etc-hosts");
    expect(container(plain, "jobmanager").args?.join(" ")).not.toContain("bind-host");
  });

  it("runs standby JobManagers with replicas > 1 and rolls them one by one", () => {
    const d = render({ values: { ...ha, jobManager: { replicas: 3 } } }).get("Deployment", "rel-flink-jobmanager");
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.strategy?.type).toBe("RollingUpdate");
    expect(render().get("Deployment", "rel-flink-jobmanager").spec?.strategy?.type).toBe("Recreate");
  });

  it("binds a Role limited to ConfigMaps in the release namespace to the pods' ServiceAccount", () => {
    const role = m.get("Role", "rel-flink");
    expect(role.metadata?.namespace).toBe("streaming");
    expect(role.rules).toHaveLength(1);
    expect(role.rules?.[0]?.apiGroups).toEqual([""]);
    expect(role.rules?.[0]?.resources).toEqual(["configmaps"]);
    expect([...(role.rules?.[0]?.verbs ?? [])].sort()).toEqual([
      "create",
      "delete",
      "get",
      "list",
      "patch",
      "update",
      "watch",
    ]);
    expect(m.all("ClusterRole")).toEqual([]);
    const rb = m.get("RoleBinding", "rel-flink");
    expect(rb.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata?.name });
    expect(rb.subjects).toEqual([{ kind: "ServiceAccount", name: "rel-flink", namespace: "streaming" }]);
    for (const w of [m.get("Deployment", "rel-flink-jobmanager"), m.get("Deployment", "rel-flink-taskmanager")]) {
      expect(podTemplate(w).spec?.serviceAccountName).toBe("rel-flink");
      expect(podTemplate(w).spec?.automountServiceAccountToken).toBe(true);
    }
  });

  it("renders no RBAC and mounts no token without HA", () => {
    const plain = render();
    expect(plain.all("Role")).toEqual([]);
    expect(plain.all("RoleBinding")).toEqual([]);
    expect(podTemplate(plain.get("Deployment", "rel-flink-jobmanager")).spec?.automountServiceAccountToken).toBe(false);
  });

  it("derives the storage dir from storage.pvc or storage.s3 and requires one", () => {
    expect(
      render({ values: { highAvailability: { enabled: true }, storage: { pvc: { enabled: true } } } }).flinkConfig()[
        "high-availability.storageDir"
      ],
    ).toBe("file:///flink-data/ha");
    expect(
      render({
        values: { highAvailability: { enabled: true }, storage: { s3: { enabled: true, bucket: "b", prefix: "p" } } },
      }).flinkConfig()["high-availability.storageDir"],
    ).toBe("s3://b/p/ha");
    expect(renderError({ values: { highAvailability: { enabled: true } } })).toMatch(
      /highAvailability\.storageDir is required/,
    );
  });
});

describe("uninstall cleanup: HA ConfigMaps and the savepoint record", () => {
  const m = render({ values: ha, namespace: "streaming" });
  const job = m.get("Job", "rel-flink-uninstall-cleanup");
  const hookOf = (kind: "ServiceAccount" | "Role" | "RoleBinding") =>
    m.get(kind, "rel-flink-uninstall-cleanup").metadata?.annotations ?? {};

  it("is a post-delete hook Job (a running JobManager would re-create the lock ConfigMap), deleted after success", () => {
    expect(job.metadata?.annotations).toMatchObject({
      "helm.sh/hook": "post-delete",
      "helm.sh/hook-delete-policy": "before-hook-creation,hook-succeeded",
    });
    expect(m.sourceOf("Job", "rel-flink-uninstall-cleanup")).toBe("flink/templates/uninstall-cleanup-job.yaml");
  });

  it("runs with its own ServiceAccount, Role and RoleBinding, created as hooks before the Job", () => {
    const spec = job.spec!.template.spec!;
    expect(spec.serviceAccountName).toBe("rel-flink-uninstall-cleanup");
    expect(spec.automountServiceAccountToken).toBe(true);
    for (const kind of ["ServiceAccount", "Role", "RoleBinding"] as const) {
      expect(hookOf(kind)).toMatchObject({ "helm.sh/hook": "post-delete", "helm.sh/hook-weight": "-1" });
      expect(Number(hookOf(kind)["helm.sh/hook-weight"])).toBeLessThan(
        Number(job.metadata?.annotations?.["helm.sh/hook-weight"]),
      );
    }
    const role = m.get("Role", "rel-flink-uninstall-cleanup");
    expect(role.rules).toEqual([
      expect.objectContaining({ resources: ["pods"], verbs: ["list"] }),
      expect.objectContaining({ resources: ["configmaps"], verbs: ["deletecollection"] }),
    ]);
  });

  const cleanup = (manifest: Manifest) =>
    manifest.get("Job", "rel-flink-uninstall-cleanup").spec!.template.spec!.containers[0]!;
  const pods =
    "/api/v1/namespaces/streaming/pods?labelSelector=app.kubernetes.io%2Finstance%3Drel%2Capp.kubernetes.io%2Fcomponent%20in%20%28jobmanager%2Ctaskmanager%29&pretty=false";
  const selector = (id: string) =>
    `/api/v1/namespaces/streaming/configmaps?labelSelector=app%3D${id}%2Ctype%3Dflink-native-kubernetes&pretty=false`;
  const api = "https://10.96.0.1:443";

  it("waits for the release's Flink pods to be gone, then deletes the cluster id's ConfigMaps by label", () => {
    const c = cleanup(m);
    expect(c.image).toBe("docker.io/apache/flink:2.2.0-scala_2.12");
    const run = runContainer(c, [
      { status: 200, body: '{"kind":"PodList","items":[{"metadata":{"name":"rel-flink-jobmanager-0"}}]}' },
      { status: 500, body: "etcd is busy" },
      { status: 200, body: '{"kind":"PodList","items":[]}' },
      { status: 200, body: '{"kind":"Status","status":"Success"}' },
    ]);
    expect(run.output).toMatch(/deleting the HA ConfigMaps of cluster-id rel-flink/);
    expect(run.requests).toEqual([
      `GET ${api}${pods}`,
      `GET ${api}${pods}`,
      `GET ${api}${pods}`,
      `DELETE ${api}${selector("rel-flink")}`,
    ]);
    expect(run.code).toBe(0);
  });

  it("fails, with the API server's answer, when the ConfigMaps cannot be deleted", () => {
    const run = runContainer(cleanup(m), [
      { status: 200, body: '{"items":[]}' },
      { status: 403, body: '{"kind":"Status","reason":"Forbidden"}' },
    ]);
    expect(run.code).not.toBe(0);
    expect(run.output).toMatch(/cannot delete the HA ConfigMaps of cluster-id rel-flink: HTTP 403: .*Forbidden/);
  });

  it("follows a cluster id set through flinkConfiguration or highAvailability.clusterId", () => {
    const viaConfig = render({
      values: { ...ha, flinkConfiguration: { "kubernetes.cluster-id": "custom-id" } },
      namespace: "streaming",
    });
    const viaValue = render({
      values: { ...ha, highAvailability: { ...ha.highAvailability, clusterId: "other-id" } },
      namespace: "streaming",
    });
    for (const [manifest, id] of [
      [viaConfig, "custom-id"],
      [viaValue, "other-id"],
    ] as const) {
      expect(manifest.flinkConfig()["kubernetes.cluster-id"]).toBe(id);
      const run = runContainer(cleanup(manifest), [{ status: 200, body: '{"items":[]}' }]);
      expect(run.requests.at(-1)).toBe(`DELETE ${api}${selector(id)}`);
    }
  });

  it("also deletes the lifecycle's savepoint record of an application cluster (404: there was none)", () => {
    const application = { mode: "application", application: { jobClassName: "com.example.Job" } } as const;
    const app = render({ values: { ...ha, ...application }, namespace: "streaming" });
    const c = cleanup(app);
    expect(c.command!.slice(3)).toEqual(["uninstall-cleanup", "wait-for-pods", "ha-configmaps", "savepoint-record"]);
    const record = `DELETE ${api}/api/v1/namespaces/streaming/configmaps/rel-flink-savepoints?pretty=false`;
    for (const [status, said] of [
      [200, "deleted the savepoint record rel-flink-savepoints"],
      [404, "no savepoint record rel-flink-savepoints to delete"],
    ] as const) {
      const run = runContainer(c, [
        { status: 200, body: '{"items":[]}' },
        { status: 200, body: '{"kind":"Status","status":"Success"}' },
        { status, body: "{}" },
      ]);
      expect(run.requests.at(-1)).toBe(record);
      expect(run.output).toContain(said);
      expect(run.code).toBe(0);
    }
    expect(app.get("Role", "rel-flink-uninstall-cleanup").rules).toContainEqual(
      expect.objectContaining({
        resources: ["configmaps"],
        resourceNames: ["rel-flink-savepoints"],
        verbs: ["delete"],
      }),
    );
    // Without HA only the record is left behind: no waiting for pods, no HA ConfigMaps.
    const plain = render({ values: application, namespace: "streaming" });
    expect(cleanup(plain).command!.slice(3)).toEqual(["uninstall-cleanup", "savepoint-record"]);
    expect(plain.get("Role", "rel-flink-uninstall-cleanup").rules).toHaveLength(1);
    // lifecycle.savepoints.onUninstall keeps it: the next install starts from its savepoint.
    const onUninstall = render({
      values: { ...ha, ...application, lifecycle: { savepoints: { onUninstall: true, targetDirectory: "s3://b/sp" } } },
      namespace: "streaming",
    });
    expect(cleanup(onUninstall).command!.slice(3)).toEqual(["uninstall-cleanup", "wait-for-pods", "ha-configmaps"]);
  });

  it("is skipped when the ConfigMaps are to be kept, and without HA", () => {
    const kept = render({ values: { highAvailability: { ...ha.highAvailability, keepConfigMapsOnUninstall: true } } });
    expect(kept.all("Job")).toEqual([]);
    expect(kept.all().filter((o) => o.metadata.name.endsWith("-uninstall-cleanup"))).toEqual([]);
    expect(render().all("Job")).toEqual([]);
  });
});
