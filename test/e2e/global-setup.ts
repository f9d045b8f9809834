// Global setup of the end-to-end suite: everything the releases need, created or re-used with
// progress output. A missing prerequisite fails here with a message that says what to run.
import type { TestProject } from "vitest/node";
import type { FlinkImages } from "../../harness/images.ts";
import { info } from "../../harness/log.ts";
import { prepareTestCluster } from "../../harness/test-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    e2e: {
      clusterName: string;
      images: FlinkImages;
      /** S3-compatible server for the S3 storage tests. */
      s3Image: string;
    };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const { cluster, images, s3Image } = await prepareTestCluster();
  info(`e2e setup ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  project.provide("e2e", { clusterName: cluster.name, images, s3Image });
}
