// What the e2e suite and the benchmark both need before their first release: a usable Docker engine,
// the pinned tools, the node, Flink and S3-server images (built here or upstream), and the kind
// cluster (re-used when healthy) with those images loaded.
import path from "node:path";
import { KindCluster } from "./cluster.ts";
import { run } from "./exec.ts";
import { flinkImages, nodeImage, s3ServerImage, type FlinkImages } from "./images.ts";
import { info, step } from "./log.ts";
import { ensureTool } from "./tools.ts";
import { repoRoot } from "./versions.ts";

export interface TestCluster {
  cluster: KindCluster;
  images: FlinkImages;
  /** The S3-compatible server (gofakes3) of the S3 storage tests and figures. */
  s3Image: string;
}

/** Runs scripts/setup/docker.sh; a failure says what to run. */
export async function ensureDocker(): Promise<void> {
  await step("Docker engine (scripts/setup/docker.sh)", async () => {
    const r = await run("bash", [path.join(repoRoot, "scripts/setup/docker.sh")], { allowFailure: true });
    if (r.code !== 0)
      throw new Error("Docker is not usable: run `bash scripts/setup/docker.sh` (as root) and read its output");
  });
}

export async function prepareTestCluster(): Promise<TestCluster> {
  await ensureDocker();
  for (const t of ["kind", "kubectl", "helm3", "helm4"] as const) info(`${t}: ${ensureTool(t)}`);
  const node = await nodeImage();
  const images = await flinkImages();
  const s3Image = await s3ServerImage();
  const cluster = new KindCluster();
  await cluster.ensure(node);
  await cluster.loadImages([images.flink, images.testJob, images.testJobV2, s3Image]);
  return { cluster, images, s3Image };
}
