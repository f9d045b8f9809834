// One end-to-end scenario: its own namespace (enforcing the "restricted" Pod Security Standard), a
// release of the chart in it, REST access through a 127.0.0.1 port, and diagnostics on failure.
import * as k8s from "@kubernetes/client-node";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { KindCluster } from "../../../scripts/lib/cluster.ts";
import { dumpNamespace } from "../../../scripts/lib/diagnostics.ts";
import type { RunResult } from "../../../scripts/lib/exec.ts";
import { FlinkRest } from "../../../scripts/lib/flink-rest.ts";
import { chartImageValues } from "../../../scripts/lib/images.ts";
import { info, waitFor } from "../../../scripts/lib/log.ts";
import { createRestrictedNamespace, deleteNamespace } from "../../../scripts/lib/namespaces.ts";
import { forwardService, type Forward } from "../../../scripts/lib/portforward.ts";
import { chartPath, helm, waitForRollout } from "../../../scripts/lib/release.ts";
import type { ValuesOverride } from "../../lib/values.ts";
import { Timings } from "./timings.ts";

export interface InstallOptions {
  /** Values files from values-examples/ (paths relative to the repository root). */
  valuesFiles: string[];
  /** Values on top of the files (typed from values.schema.json), passed as one more values file. */
  values?: ValuesOverride;
  /** Use the test-job image (job jar in /opt/flink/usrlib) instead of the plain Flink image. */
  testJobImage?: boolean;
  helm?: "helm3" | "helm4";
  /** Ready JobManager + TaskManager pods to wait for. */
  pods: number;
}

export class Scenario {
  readonly ctx = inject("e2e");
  readonly cluster = new KindCluster(this.ctx.clusterName);
  readonly kc = new k8s.KubeConfig();
  readonly core: k8s.CoreV1Api;
  readonly release = "flink";
  readonly timings: Timings;
  private forward?: Forward;
  private lastInstall?: InstallOptions;
  private readonly tmp = mkdtempSync(path.join(os.tmpdir(), "flink-helm-e2e-"));
  private valuesFileCount = 0;

  private constructor(
    readonly name: string,
    readonly namespace: string,
  ) {
    this.kc.loadFromFile(this.ctx.kubeconfig);
    this.core = this.kc.makeApiClient(k8s.CoreV1Api);
    this.timings = new Timings(name);
  }

  /** Creates the scenario's namespace, labelled to enforce the restricted Pod Security Standard. */
  static async create(name: string): Promise<Scenario> {
    const s = new Scenario(name, `e2e-${name}-${Math.random().toString(36).slice(2, 6)}`);
    await createRestrictedNamespace(s.core, s.namespace, "flink-helm-e2e");
    info(`scenario ${name}: namespace ${s.namespace} (restricted Pod Security Standard enforced)`);
    return s;
  }

  /** Helm arguments for an install/upgrade: values files, images, then the typed overrides. */
  private helmArgs(o: InstallOptions, extra: ValuesOverride[] = []): string[] {
    const args: string[] = [];
    for (const f of o.valuesFiles) args.push("-f", f);
    args.push(...chartImageValues(o.testJobImage ? this.ctx.testJobImage : this.ctx.flinkImage));
    for (const v of [o.values, ...extra]) {
      if (!v) continue;
      const file = path.join(this.tmp, `values-${++this.valuesFileCount}.json`);
      writeFileSync(file, JSON.stringify(v));
      args.push("-f", file);
    }
    return args;
  }

  /** `helm <verb>` in this namespace; returns the result (callers assert on failures they expect). */
  helm(args: string[], which: "helm3" | "helm4" = "helm4"): Promise<RunResult> {
    return helm(this.cluster, [...args, "-n", this.namespace], { helm: which });
  }

  /** Installs the release, waits for its pods; timing mark "install". */
  async install(o: InstallOptions): Promise<void> {
    this.lastInstall = o;
    this.timings.mark("install");
    const r = await this.helm(["install", this.release, chartPath, ...this.helmArgs(o)], o.helm);
    if (r.code !== 0) throw new Error(`helm install failed:\n${r.stderr}`);
    await waitForRollout(this.cluster, this.namespace, this.release, o.pods);
    this.timings.lap("install to pods ready", "install");
  }

  /** Installs the release again with the options of the last install (after an uninstall). */
  async installAgain(): Promise<void> {
    if (!this.lastInstall) throw new Error("installAgain before install");
    await this.install(this.lastInstall);
  }

  /** Upgrades the release: the last install's values plus `values`; waits for the rollout. */
  async upgrade(values: ValuesOverride, pods: number): Promise<void> {
    if (!this.lastInstall) throw new Error("upgrade before install");
    const o = this.lastInstall;
    const r = await this.helm(["upgrade", this.release, chartPath, ...this.helmArgs(o, [values])], o.helm);
    if (r.code !== 0) throw new Error(`helm upgrade failed:\n${r.stderr}`);
    await waitForRollout(this.cluster, this.namespace, this.release, pods);
  }

  /**
   * `helm upgrade` with the last install's values plus `values`, without waiting for anything: the
   * result, for upgrades that are expected to fail or to never become ready.
   */
  async tryUpgrade(values: ValuesOverride): Promise<RunResult> {
    if (!this.lastInstall) throw new Error("upgrade before install");
    const o = this.lastInstall;
    return this.helm(["upgrade", this.release, chartPath, ...this.helmArgs(o, [values])], o.helm);
  }

  /** `helm rollback` to the previous revision; waits for the rollout. */
  async rollback(pods: number): Promise<void> {
    const r = await this.helm(["rollback", this.release, "--timeout", "10m"]);
    if (r.code !== 0) throw new Error(`helm rollback failed:\n${r.stderr}`);
    await waitForRollout(this.cluster, this.namespace, this.release, pods);
  }

  /** `helm uninstall --wait`; throws on failure. */
  async uninstall(): Promise<void> {
    const r = await this.helm(["uninstall", this.release, "--wait", "--timeout", "10m"]);
    if (r.code !== 0) throw new Error(`helm uninstall failed:\n${r.stderr}`);
  }

  /**
   * Every object left in the namespace, as kind/name, except what Kubernetes itself puts there. Waits
   * first for pods to finish terminating (the garbage collector removes them after their controller).
   */
  async leftovers(): Promise<string[]> {
    await waitFor(
      { what: `pods in ${this.namespace} to finish terminating`, timeoutMs: 180_000, intervalMs: 2000 },
      async () => {
        const pods = (await this.core.listNamespacedPod({ namespace: this.namespace })).items;
        return {
          done: pods.length === 0 ? true : undefined,
          status: pods.map((p) => `${p.metadata?.name} ${p.status?.phase}`).join(", "),
        };
      },
    );
    const types = (await this.cluster.kubectl(["api-resources", "--verbs=list", "--namespaced", "-o", "name"]))
      .split("\n")
      .filter((t) => t && !/^(events|events\.events\.k8s\.io)$/.test(t));
    const out = await this.cluster.kubectl([
      "-n",
      this.namespace,
      "get",
      types.join(","),
      "-o",
      "name",
      "--ignore-not-found",
    ]);
    const builtIn = ["serviceaccount/default", "configmap/kube-root-ca.crt"];
    return out.split("\n").filter((o) => o && !builtIn.includes(o));
  }

  /** REST client through a 127.0.0.1 port forwarding to the ready pods of the REST Service. */
  async rest(): Promise<FlinkRest> {
    this.forward ??= await forwardService(this.kc, this.namespace, `${this.release}-rest`, 8081);
    return new FlinkRest(this.forward.url);
  }

  /** Waits until the REST API answers with `taskManagers` registered TaskManagers. */
  async waitTaskManagers(taskManagers: number, timeoutMs = 300_000): Promise<void> {
    const rest = await this.rest();
    await waitFor({ what: `${taskManagers} TaskManagers registered`, timeoutMs }, async () => {
      const o = await rest.overview();
      return {
        done: o.taskmanagers >= taskManagers ? true : undefined,
        status: `${o.taskmanagers} TaskManagers, ${o["slots-total"]} slots`,
      };
    });
  }

  async pods(selector: string): Promise<k8s.V1Pod[]> {
    return (await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: selector })).items;
  }

  async dump(): Promise<void> {
    await dumpNamespace(this.namespace, this.cluster.env());
  }

  /** Closes the port forward and deletes the namespace (kept when E2E_KEEP_NAMESPACES=1). */
  async destroy(): Promise<void> {
    await this.forward?.close();
    await deleteNamespace(this.core, this.namespace, "E2E_KEEP_NAMESPACES");
  }
}

/**
 * Registers a scenario's hooks in the enclosing `describe`: create the namespace and run `setup` before
 * the tests, dump diagnostics after a failed test, delete the namespace at the end. Tests read `.s`.
 */
export function useScenario(
  name: string,
  setup: (s: Scenario) => Promise<void> = async () => undefined,
): { s: Scenario } {
  const ref = {} as { s: Scenario };
  beforeAll(async () => {
    ref.s = await Scenario.create(name);
    await setup(ref.s);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await ref.s?.dump();
  });
  afterAll(async () => ref.s?.destroy());
  return ref;
}
