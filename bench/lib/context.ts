// The benchmark's environment: the same images and kind cluster the e2e suite uses (prepared by
// harness/test-cluster.ts), and one Release (harness/release.ts) per measured installation, each in
// its own namespace, with its containers' memory footprint sampled while it runs.
import { Release, type Suite } from "../../harness/release.ts";
import { deleteNamespacesOf } from "../../harness/namespaces.ts";
import { prepareTestCluster, type TestCluster } from "../../harness/test-cluster.ts";
import { FootprintSampler } from "./footprint.ts";

export const BENCH_SUITE: Suite = { prefix: "bench", partOf: "flink-helm-bench", keepVar: "BENCH_KEEP_NAMESPACES" };

export type BenchContext = TestCluster;

/** Docker, pinned tools, images and the kind cluster (re-used when healthy), images loaded. */
export async function prepare(): Promise<BenchContext> {
  const ctx = await prepareTestCluster();
  // Namespaces a previous, interrupted run left behind.
  await deleteNamespacesOf(ctx.cluster.kubeConfig(), BENCH_SUITE.partOf);
  return ctx;
}

/**
 * Runs `fn` with a new release `label` and its footprint sampler; dumps diagnostics when `fn` fails;
 * always stops the sampler and deletes the namespace.
 */
export async function withRelease<T>(
  ctx: BenchContext,
  label: string,
  fn: (r: Release, footprint: FootprintSampler) => Promise<T>,
): Promise<T> {
  const r = await Release.create(ctx, BENCH_SUITE, label);
  const footprint = new FootprintSampler(r.cluster, r.core, r.namespace);
  footprint.start();
  try {
    return await fn(r, footprint);
  } catch (e) {
    await r.dump();
    throw e;
  } finally {
    await footprint.stop();
    await r.destroy();
  }
}

/** Sleeps `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds since `t0` (Date.now() milliseconds), rounded to 10 ms. */
export const secondsSince = (t0: number, t1 = Date.now()) => Math.round((t1 - t0) / 10) / 100;
