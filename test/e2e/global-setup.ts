// Global setup of the end-to-end suite: everything the scenarios need, created or re-used with
// progress output. A missing prerequisite fails here with a message that says what to run.
import path from "node:path";
import type { TestProject } from "vitest/node";
import { KindCluster } from "../../scripts/lib/cluster.ts";
import { run } from "../../scripts/lib/exec.ts";
import { flinkImages, nodeImage, s3ServerImage } from "../../scripts/lib/images.ts";
import { info, step } from "../../scripts/lib/log.ts";
import { ensureTool } from "../../scripts/lib/tools.ts";
import { repoRoot } from "../../scripts/lib/versions.ts";

declare module "vitest" {
  export interface ProvidedContext {
    e2e: {
      clusterName: string;
      kubeconfig: string;
      flinkImage: string;
      testJobImage: string;
      testJobJar: string;
      /** S3-compatible server for the S3 storage scenario. */
      s3Image: string;
    };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  await step("Docker engine (scripts/setup/docker.sh)", async () => {
    const r = await run("bash", [path.join(repoRoot, "scripts/setup/docker.sh")], { allowFailure: true });
    if (r.code !== 0) throw new Error("Docker is not usable: run `bash scripts/setup/docker.sh` (as root) and read its output");
  });
  for (const t of ["kind", "kubectl", "helm3", "helm4"] as const) info(`${t}: ${ensureTool(t)}`);
  const node = await nodeImage();
  const images = await flinkImages();
  const s3Image = await s3ServerImage();
  const cluster = new KindCluster();
  await cluster.ensure(node);
  await cluster.loadImages([images.flink, images.testJob, s3Image]);
  info(`e2e setup ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  project.provide("e2e", {
    clusterName: cluster.name,
    kubeconfig: cluster.kubeconfig,
    flinkImage: images.flink,
    testJobImage: images.testJob,
    testJobJar: images.testJobJar,
    s3Image,
  });
}
