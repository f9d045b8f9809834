// The e2e suite's releases: each test file gets its own Release (harness/release.ts) in its own
// namespace enforcing the "restricted" Pod Security Standard, on the cluster and images the global
// setup prepared, with diagnostics after a failed test and the namespace deleted at the end
// (kept with E2E_KEEP_NAMESPACES=1). Timings go to .out/e2e-timings.json.
import { afterAll, afterEach, beforeAll, inject } from "vitest";
import { KindCluster } from "../../../harness/cluster.ts";
import { Release, type ReleaseTarget, type Suite } from "../../../harness/release.ts";

export const E2E_SUITE: Suite = {
  prefix: "e2e",
  partOf: "flink-helm-e2e",
  keepVar: "E2E_KEEP_NAMESPACES",
  timingsFile: ".out/e2e-timings.json",
};

/** The cluster and images of the global setup (test/e2e/global-setup.ts). */
export function e2eTarget(): ReleaseTarget & { s3Image: string } {
  const ctx = inject("e2e");
  return { cluster: new KindCluster(ctx.clusterName), images: ctx.images, s3Image: ctx.s3Image };
}

/**
 * Registers a release's hooks in the enclosing `describe`: create its namespace and run `setup` before
 * the tests, dump diagnostics after a failed test, delete the namespace at the end. Tests read `.r`.
 */
export function useRelease(
  label: string,
  setup: (r: Release) => Promise<void> = async () => undefined,
): { r: Release } {
  const ref = {} as { r: Release };
  beforeAll(async () => {
    ref.r = await Release.create(e2eTarget(), E2E_SUITE, label);
    await setup(ref.r);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await ref.r?.dump();
  });
  afterAll(async () => ref.r?.destroy());
  return ref;
}
