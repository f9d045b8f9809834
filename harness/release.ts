// A release of the chart in a namespace of a kind cluster: what `npm run up`, the e2e suite and the
// benchmark install, upgrade, fault and uninstall. It runs helm with the cluster's kubeconfig, waits
// for the rollout with progress, and answers questions about what it installed from the release's own
// manifest (`helm get manifest`) and the live pods, so callers never spell out an object's name.
import * as k8s from "@kubernetes/client-node";
import yaml from "js-yaml";
import type { KindCluster } from "./cluster.ts";
import { dumpNamespace } from "./diagnostics.ts";
import { run, type RunResult } from "./exec.ts";
import { FlinkRest } from "./flink-rest.ts";
import { haConfigMapSelector, leaderConfigMapName, readLeaderLock, type LeaderLock } from "./ha.ts";
import { chartDir, helm, valuesArgs, type HelmMajor } from "./helm.ts";
import type { FlinkImages } from "./images.ts";
import { info, waitFor } from "./log.ts";
import { fromTemplate, parseManifests, type K8sObject, type RenderedObject } from "./manifest.ts";
import { createRestrictedNamespace, deleteNamespace } from "./namespaces.ts";
import { forwardService, type Forward } from "./portforward.ts";
import { Timings } from "./timings.ts";
import { ensureTool } from "./tools.ts";
import type { ValuesOverride } from "./values.ts";

/** Who creates releases: their namespaces' prefix and part-of label, the keep switch, the timings file. */
export interface Suite {
  /** Namespaces are `<prefix>-<label>-<random>`. */
  prefix: string;
  /** `app.kubernetes.io/part-of` of the namespaces (an interrupted run's leftovers are found by it). */
  partOf: string;
  /** Environment variable that keeps the namespaces when it is 1 (for a look after a run). */
  keepVar: string;
  /** Where timings are collected (relative to the repository root); without it they are only printed. */
  timingsFile?: string;
}

/** What a release runs on: the cluster and the images built or pulled for it. */
export interface ReleaseTarget {
  cluster: KindCluster;
  images: Pick<FlinkImages, "flink"> & Partial<FlinkImages>;
}

/** Which of the prepared images the release runs. */
export type ReleaseImage = "flink" | "testJob" | "testJobV2";

export interface InstallOptions {
  /** Values files (values-examples/*, bench/values/*), relative to the repository root. */
  valuesFiles: string[];
  /** Values on top of the files (typed from values.schema.json). */
  values?: ValuesOverride;
  /** The image: the plain Flink image (default) or the test job's (jar in /opt/flink/usrlib). */
  image?: ReleaseImage;
  /** Helm major (default 4). */
  helm?: HelmMajor;
  /** Ready JobManager + TaskManager pods to wait for; omitted: return as soon as helm did. */
  pods?: number;
}

const REST_PORT = 8081;
const FLINK_PODS = "app.kubernetes.io/component in (jobmanager,taskmanager)";

/** The chart's image values for a local image `repo/name:tag`. */
export function imageValues(image: string): ValuesOverride {
  const at = image.lastIndexOf(":");
  return {
    image: { registry: "", repository: image.slice(0, at), tag: image.slice(at + 1), pullPolicy: "IfNotPresent" },
  };
}

export class Release {
  readonly kc: k8s.KubeConfig;
  readonly core: k8s.CoreV1Api;
  readonly timings: Timings;
  private forward?: Forward;
  private lastInstall?: InstallOptions;
  private objects?: RenderedObject[];

  /** A release `name` in `namespace` (which `install` creates when it does not exist). */
  constructor(
    readonly target: ReleaseTarget,
    readonly namespace: string,
    readonly name = "flink",
    readonly label = name,
    private readonly suite?: Suite,
  ) {
    this.kc = target.cluster.kubeConfig();
    this.core = this.kc.makeApiClient(k8s.CoreV1Api);
    this.timings = new Timings(label, suite?.timingsFile);
  }

  get cluster(): KindCluster {
    return this.target.cluster;
  }

  /** A release in a new namespace of its own, enforcing the "restricted" Pod Security Standard. */
  static async create(target: ReleaseTarget, suite: Suite, label: string): Promise<Release> {
    const namespace = `${suite.prefix}-${label.replace(/[^a-z0-9-]/g, "-")}-${Math.random().toString(36).slice(2, 6)}`;
    const r = new Release(target, namespace, "flink", label, suite);
    await createRestrictedNamespace(r.core, namespace, suite.partOf);
    info(`${label}: namespace ${namespace} (restricted Pod Security Standard enforced)`);
    return r;
  }

  /** `helm <args> -n <namespace>` against the cluster; resolves with the result, never throws. */
  helm(args: readonly string[], major: HelmMajor = 4, input?: string): Promise<RunResult> {
    return helm([...args, "-n", this.namespace], { major, env: this.cluster.env(), input });
  }

  /** helm install/upgrade arguments: values files, then the image and the typed values as one file. */
  private async deploy(verb: string[], o: InstallOptions, extra: ValuesOverride[] = []): Promise<void> {
    const image = this.target.images[o.image ?? "flink"];
    if (!image) throw new Error(`the ${o.image} image was not prepared for ${this.label}`);
    const { args, input } = valuesArgs({
      valuesFiles: o.valuesFiles,
      values: [imageValues(image), o.values ?? {}, ...extra],
    });
    const r = await this.helm([...verb, this.name, chartDir, ...args], o.helm, input);
    if (r.code !== 0) throw new Error(`helm ${verb.join(" ")} ${this.name} in ${this.namespace} failed:\n${r.stderr}`);
    this.objects = undefined;
    if (o.pods !== undefined) await this.waitReady(o.pods);
  }

  /** `helm install`; with `pods`, waits for the rollout. Timing mark "install". */
  async install(o: InstallOptions): Promise<void> {
    this.lastInstall = o;
    this.timings.mark("install");
    await this.deploy(["install", "--create-namespace"], o);
    if (o.pods !== undefined) this.timings.lap("install to pods ready", "install");
  }

  /** `helm upgrade --install`: installs, or brings an installed release to these values (npm run up). */
  async installOrUpgrade(o: InstallOptions): Promise<void> {
    this.lastInstall = o;
    await this.deploy(["upgrade", "--install", "--create-namespace"], o);
  }

  /** Installs the release again with the options of the last install (after an uninstall). */
  async installAgain(): Promise<void> {
    if (!this.lastInstall) throw new Error("installAgain before install");
    await this.install(this.lastInstall);
  }

  /** `helm upgrade` with the last install's options plus `values` (and `image`); waits for `pods`. */
  async upgrade(values: ValuesOverride, pods: number, image?: ReleaseImage): Promise<void> {
    if (!this.lastInstall) throw new Error("upgrade before install");
    const o = { ...this.lastInstall, pods, ...(image ? { image } : {}) };
    await this.deploy(["upgrade"], o, [values]);
  }

  /**
   * `helm upgrade` with the last install's options plus `values`, waiting for nothing: the result, for
   * upgrades that are expected to fail or never to become ready.
   */
  async tryUpgrade(values: ValuesOverride, image?: ReleaseImage): Promise<RunResult> {
    if (!this.lastInstall) throw new Error("upgrade before install");
    const o = { ...this.lastInstall, ...(image ? { image } : {}) };
    const img = this.target.images[o.image ?? "flink"];
    if (!img) throw new Error(`the ${o.image} image was not prepared for ${this.label}`);
    const { args, input } = valuesArgs({
      valuesFiles: o.valuesFiles,
      values: [imageValues(img), o.values ?? {}, values],
    });
    const r = await this.helm(["upgrade", this.name, chartDir, ...args], o.helm, input);
    this.objects = undefined;
    return r;
  }

  /** `helm rollback` to the previous revision; waits for `pods`. */
  async rollback(pods: number): Promise<void> {
    const r = await this.helm(["rollback", this.name, "--timeout", "10m"]);
    if (r.code !== 0) throw new Error(`helm rollback ${this.name} failed:\n${r.stderr}`);
    this.objects = undefined;
    await this.waitReady(pods);
  }

  /** `helm uninstall --wait`. The names below stay answerable (from the last manifest). */
  async uninstall(): Promise<void> {
    await this.manifest();
    const r = await this.helm(["uninstall", this.name, "--wait", "--timeout", "10m"]);
    if (r.code !== 0) throw new Error(`helm uninstall ${this.name} failed:\n${r.stderr}`);
  }

  /** The objects of the installed revision (`helm get manifest`), each with its template. */
  async manifest(): Promise<RenderedObject[]> {
    if (!this.objects) {
      const r = await this.helm(["get", "manifest", this.name]);
      if (r.code !== 0) throw new Error(`helm get manifest ${this.name} failed:\n${r.stderr}`);
      this.objects = parseManifests(r.stdout);
    }
    return this.objects;
  }

  /** The object rendered from `template` (e.g. "rest-service.yaml"); throws when there is none. */
  async object(template: string): Promise<K8sObject> {
    const o = fromTemplate(await this.manifest(), template);
    if (!o) throw new Error(`release ${this.name} has no object from templates/${template}`);
    return o;
  }

  /** The Flink configuration the release installed (config.yaml of its ConfigMap). */
  async flinkConfig(): Promise<Record<string, unknown>> {
    const cm = (await this.object("flink-config-configmap.yaml")) as K8sObject & { data?: Record<string, string> };
    return yaml.load(cm.data?.["config.yaml"] ?? "", { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>;
  }

  /** `kubernetes.cluster-id`: prefixes Flink's HA ConfigMaps (the release's full name by default). */
  async clusterId(): Promise<string> {
    const id = (await this.flinkConfig())["kubernetes.cluster-id"];
    if (typeof id !== "string") throw new Error(`release ${this.name} has no HA (no kubernetes.cluster-id)`);
    return id;
  }

  /** The ConfigMap holding the HA leader lock. */
  async leaderConfigMapName(): Promise<string> {
    return leaderConfigMapName(await this.clusterId());
  }

  /** Label selector of Flink's HA ConfigMaps of this release. */
  async haConfigMapSelector(): Promise<string> {
    return haConfigMapSelector(await this.clusterId());
  }

  /** The ConfigMap where Flink's HA keeps job `jid`'s checkpoints and execution plan. */
  async jobConfigMapName(jid: string): Promise<string> {
    return `${await this.clusterId()}-${jid}-config-map`;
  }

  /** The shared data PVC (`storage.pvc`) the release created. */
  async dataClaimName(): Promise<string> {
    return (await this.object("storage-pvc.yaml")).metadata.name;
  }

  /** The ServiceAccount the Flink pods run as. */
  async serviceAccountName(): Promise<string> {
    return (await this.object("flink-serviceaccount.yaml")).metadata.name;
  }

  /** The savepoint CronJob (`kubectl create job --from=cronjob/<name>` takes a savepoint now). */
  async savepointCronJobName(): Promise<string> {
    return (await this.object("lifecycle-savepoint-cronjob.yaml")).metadata.name;
  }

  /**
   * The savepoint record ConfigMap the lifecycle steps write (not a Helm object): the name the
   * JobManagers read their start instructions from, else the CronJob's, which is the same.
   */
  async savepointRecordName(): Promise<string> {
    const jm = (await this.object("jobmanager-deployment.yaml")) as K8sObject & {
      spec: {
        template: {
          spec: { containers: { env?: { name: string; valueFrom?: { configMapKeyRef?: { name: string } } }[] }[] };
        };
      };
    };
    const ref = jm.spec.template.spec.containers.flatMap((c) => c.env ?? []).find((e) => e.name === "FLINK_PROPERTIES")
      ?.valueFrom?.configMapKeyRef?.name;
    return ref ?? this.savepointCronJobName();
  }

  /** The lifecycle hook Job of `step` (upgrade, install, uninstall), from the release's hooks. */
  async lifecycleHookJobName(step: "upgrade" | "install" | "uninstall"): Promise<string> {
    const r = await this.helm(["get", "hooks", this.name]);
    if (r.code !== 0) throw new Error(`helm get hooks ${this.name} failed:\n${r.stderr}`);
    const job = fromTemplate(parseManifests(r.stdout), `lifecycle-${step}-job.yaml`);
    if (!job) throw new Error(`release ${this.name} has no lifecycle ${step} hook`);
    return job.metadata.name;
  }

  /** Pod `ordinal` of the StatefulSet TaskManagers. */
  async taskManagerPodName(ordinal: number): Promise<string> {
    return `${(await this.object("taskmanager-statefulset.yaml")).metadata.name}-${ordinal}`;
  }

  /** Pods of this release, optionally narrowed by another label selector. */
  async pods(selector?: string): Promise<k8s.V1Pod[]> {
    const labelSelector = [`app.kubernetes.io/instance=${this.name}`, selector].filter(Boolean).join(",");
    return (await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector })).items;
  }

  /** The JobManager pods (leader and standbys), including ones being deleted. */
  jobManagerPods(): Promise<k8s.V1Pod[]> {
    return this.pods("app.kubernetes.io/component=jobmanager");
  }

  /** The TaskManager pods, including ones being deleted. */
  taskManagerPods(): Promise<k8s.V1Pod[]> {
    return this.pods("app.kubernetes.io/component=taskmanager");
  }

  /** The JobManager and TaskManager pods (not the helm test pod or hook jobs). */
  flinkPods(): Promise<k8s.V1Pod[]> {
    return this.pods(FLINK_PODS);
  }

  /** The leader lock as Flink wrote it (undefined while there is none). */
  async leaderLock(): Promise<LeaderLock | undefined> {
    return readLeaderLock(this.core, this.namespace, await this.clusterId());
  }

  /** The JobManager pod holding leadership: the one whose IP the lock's dispatcher address names. */
  async leader(): Promise<k8s.V1Pod> {
    const lock = await this.leaderLock();
    if (!lock?.leaderIp)
      throw new Error(`no leader address in the lock of ${this.name}: ${lock?.dispatcherAddress || "(none)"}`);
    const pods = await this.jobManagerPods();
    const leader = pods.find((p) => p.status?.podIP === lock.leaderIp && !p.metadata?.deletionTimestamp);
    if (!leader) {
      const ips = pods.map((p) => `${p.metadata?.name}=${p.status?.podIP}`).join(", ");
      throw new Error(`the leader's address ${lock.leaderIp} matches no JobManager pod (${ips})`);
    }
    return leader;
  }

  /** The log of `container` in `pod` (the last `sinceSeconds` only, when given). */
  podLog(pod: string, container: string, sinceSeconds?: number): Promise<string> {
    return this.core.readNamespacedPodLog({ name: pod, namespace: this.namespace, container, sinceSeconds });
  }

  /**
   * Waits for every Deployment and StatefulSet of the release to finish rolling out (`kubectl rollout
   * status`, which prints progress), then for `count` ready Flink pods; dumps diagnostics on failure.
   */
  async waitReady(count: number, timeoutMs = 600_000): Promise<void> {
    const kubectl = ensureTool("kubectl");
    try {
      const workloads = await this.cluster.kubectl([
        ...["-n", this.namespace, "get", "deployment,statefulset", "-o", "name"],
        ...["-l", `app.kubernetes.io/instance=${this.name}`],
      ]);
      for (const w of workloads.split("\n").filter(Boolean)) {
        const timeout = `--timeout=${Math.round(timeoutMs / 1000)}s`;
        await run(kubectl, ["-n", this.namespace, "rollout", "status", w, timeout], { env: this.cluster.env() });
      }
      const what = `${count} ready JobManager/TaskManager pod(s) of ${this.name} in ${this.namespace}`;
      await waitFor({ what, timeoutMs, intervalMs: 2000 }, async () => {
        const pods = await this.flinkPods();
        const ready = pods.filter(
          (p) => p.status?.phase === "Running" && (p.status.containerStatuses ?? []).every((c) => c.ready),
        );
        return { done: ready.length >= count ? true : undefined, status: podStates(pods) || "no pods yet" };
      });
    } catch (err) {
      await this.dump();
      throw err;
    }
  }

  /** REST client through a 127.0.0.1 port forwarding each connection to a ready pod of the REST Service. */
  async rest(timeoutMs?: number): Promise<FlinkRest> {
    const service = (await this.object("rest-service.yaml")).metadata.name;
    this.forward ??= await forwardService(this.kc, this.namespace, service, REST_PORT);
    return new FlinkRest(this.forward.url, timeoutMs);
  }

  /** Waits until the REST API answers with `taskManagers` registered TaskManagers. */
  async waitTaskManagers(taskManagers: number, timeoutMs = 300_000): Promise<void> {
    const rest = await this.rest();
    await waitFor({ what: `${taskManagers} TaskManagers registered`, timeoutMs }, async () => {
      const o = await rest.overview();
      const status = `${o.taskmanagers} TaskManagers, ${o["slots-total"]} slots`;
      return { done: o.taskmanagers >= taskManagers ? true : undefined, status };
    });
  }

  /**
   * Every object left in the namespace, as kind/name, except what Kubernetes itself puts there. Waits
   * first for pods to finish terminating (the garbage collector removes them after their controller).
   */
  async leftovers(): Promise<string[]> {
    const what = `pods in ${this.namespace} to finish terminating`;
    await waitFor({ what, timeoutMs: 180_000, intervalMs: 2000 }, async () => {
      const pods = (await this.core.listNamespacedPod({ namespace: this.namespace })).items;
      return { done: pods.length === 0 ? true : undefined, status: podStates(pods) };
    });
    const types = (await this.cluster.kubectl(["api-resources", "--verbs=list", "--namespaced", "-o", "name"]))
      .split("\n")
      .filter((t) => t && !/^(events|events\.events\.k8s\.io)$/.test(t));
    const out = await this.cluster.kubectl([
      ...["-n", this.namespace, "get", types.join(","), "-o", "name", "--ignore-not-found"],
    ]);
    const builtIn = ["serviceaccount/default", "configmap/kube-root-ca.crt"];
    return out.split("\n").filter((o) => o && !builtIn.includes(o));
  }

  /** Events, `describe` and every container's logs (current and previous) of the namespace. */
  async dump(): Promise<void> {
    await dumpNamespace(this.namespace, this.cluster.env());
  }

  /** Closes the port forward and deletes the namespace (kept when the suite's keep switch is 1). */
  async destroy(): Promise<void> {
    await this.forward?.close();
    this.forward = undefined;
    if (this.suite) await deleteNamespace(this.core, this.namespace, this.suite.keepVar);
  }
}

/** "name=state (restarts n)" of each pod, for progress lines. */
function podStates(pods: k8s.V1Pod[]): string {
  return pods
    .map((p) => {
      const c = p.status?.containerStatuses?.[0];
      const state = c?.state?.waiting?.reason ?? c?.state?.terminated?.reason ?? p.status?.phase ?? "?";
      return `${p.metadata?.name}=${state}${c?.restartCount ? ` (restarts ${c.restartCount})` : ""}`;
    })
    .join(", ");
}
