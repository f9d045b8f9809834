// The benchmark's environment: the same images and kind cluster the e2e suite uses (prepared the
// same way as test/e2e/global-setup.ts), and one namespace per measured release.
import * as k8s from "@kubernetes/client-node";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KindCluster } from "../../scripts/lib/cluster.ts";
import { dumpNamespace } from "../../scripts/lib/diagnostics.ts";
import type { RunResult } from "../../scripts/lib/exec.ts";
import { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { chartImageValues, type FlinkImages } from "../../scripts/lib/images.ts";
import { info } from "../../scripts/lib/log.ts";
import { createRestrictedNamespace, deleteNamespace } from "../../scripts/lib/namespaces.ts";
import { forwardService, type Forward } from "../../scripts/lib/portforward.ts";
import { chartPath, helm } from "../../scripts/lib/release.ts";
import { prepareTestCluster } from "../../scripts/lib/test-cluster.ts";
import { repoRoot } from "../../scripts/lib/versions.ts";
import type { ValuesOverride } from "../../test/lib/values.ts";
import { FootprintSampler } from "./footprint.ts";

export interface BenchContext {
  cluster: KindCluster;
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  images: FlinkImages;
  /** The S3-compatible server (gofakes3) for checkpoint storage in object storage. */
  s3Image: string;
}

/** Docker, pinned tools, images and the kind cluster (re-used when healthy), images loaded. */
export async function prepare(): Promise<BenchContext> {
  const { cluster, images, s3Image } = await prepareTestCluster();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfig);
  return { cluster, kc, core: kc.makeApiClient(k8s.CoreV1Api), images, s3Image };
}

export interface InstallSpec {
  /** Values files, relative to the repository root (values-examples/*, bench/values/*). */
  valuesFiles: string[];
  /** Typed values on top of the files. */
  values?: ValuesOverride;
  /** The test-job image (job in /opt/flink/usrlib, trace reporter plugin) instead of the plain Flink image. */
  testJobImage?: boolean;
}

/**
 * One release of the chart in its own namespace (restricted Pod Security Standard enforced, like the
 * e2e scenarios). Structurally a test/e2e FaultTarget, so the e2e fault injectors work on it.
 */
export class BenchRelease {
  readonly release = "flink";
  readonly cluster: KindCluster;
  readonly core: k8s.CoreV1Api;
  readonly footprint: FootprintSampler;
  private forward?: Forward;
  private readonly tmp = mkdtempSync(path.join(os.tmpdir(), "flink-helm-bench-"));
  private files = 0;

  private constructor(
    readonly ctx: BenchContext,
    readonly label: string,
    readonly namespace: string,
  ) {
    this.cluster = ctx.cluster;
    this.core = ctx.core;
    this.footprint = new FootprintSampler(ctx.cluster, ctx.core, namespace);
  }

  static async create(ctx: BenchContext, label: string): Promise<BenchRelease> {
    const namespace = `bench-${label.replace(/[^a-z0-9-]/g, "-")}-${Math.random().toString(36).slice(2, 6)}`;
    await createRestrictedNamespace(ctx.core, namespace, "flink-helm-bench");
    return new BenchRelease(ctx, label, namespace);
  }

  /** helm arguments: values files, the image, then the typed values as one more file. */
  helmArgs(spec: InstallSpec): string[] {
    const args: string[] = [];
    for (const f of spec.valuesFiles) args.push("-f", path.isAbsolute(f) ? f : path.join(repoRoot, f));
    args.push(...chartImageValues(spec.testJobImage ? this.ctx.images.testJob : this.ctx.images.flink));
    if (spec.values) {
      const file = path.join(this.tmp, `values-${++this.files}.json`);
      writeFileSync(file, JSON.stringify(spec.values));
      args.push("-f", file);
    }
    return args;
  }

  /** `helm install` (no --wait: callers time what they wait for). */
  async install(spec: InstallSpec): Promise<void> {
    const r = await this.helm(["install", this.release, chartPath, ...this.helmArgs(spec)]);
    if (r.code !== 0) throw new Error(`helm install in ${this.namespace} failed:\n${r.stderr}`);
    this.footprint.start();
  }

  helm(args: string[]): Promise<RunResult> {
    return helm(this.cluster, [...args, "-n", this.namespace]);
  }

  /** REST client through 127.0.0.1, forwarding each connection to a ready pod of the REST Service. */
  async rest(timeoutMs = 5_000): Promise<FlinkRest> {
    this.forward ??= await forwardService(this.ctx.kc, this.namespace, `${this.release}-rest`, 8081);
    return new FlinkRest(this.forward.url, timeoutMs);
  }

  async pods(selector: string): Promise<k8s.V1Pod[]> {
    return (await this.core.listNamespacedPod({ namespace: this.namespace, labelSelector: selector })).items;
  }

  async podLog(pod: string, container: string, sinceSeconds?: number): Promise<string> {
    return this.core.readNamespacedPodLog({ name: pod, namespace: this.namespace, container, sinceSeconds });
  }

  async dump(): Promise<void> {
    await dumpNamespace(this.namespace, this.cluster.env());
  }

  /** Stops sampling, closes the forward, deletes the namespace and waits until it is gone. */
  async destroy(): Promise<void> {
    await this.footprint.stop();
    await this.forward?.close();
    this.forward = undefined;
    await deleteNamespace(this.core, this.namespace, "BENCH_KEEP_NAMESPACES");
  }
}

/** Deletes namespaces a previous, interrupted run left behind (label app.kubernetes.io/part-of). */
export async function cleanupLeftovers(ctx: BenchContext): Promise<void> {
  const list = await ctx.core.listNamespace({ labelSelector: "app.kubernetes.io/part-of=flink-helm-bench" });
  for (const ns of list.items) {
    const name = ns.metadata?.name;
    if (!name || ns.metadata?.deletionTimestamp) continue;
    info(`deleting namespace ${name} left by an earlier benchmark run`);
    await ctx.core.deleteNamespace({ name, gracePeriodSeconds: 0 }).catch(() => undefined);
  }
}

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds since `t0` (Date.now() milliseconds), rounded to 10 ms. */
export const secondsSince = (t0: number, t1 = Date.now()) => Math.round((t1 - t0) / 10) / 100;
