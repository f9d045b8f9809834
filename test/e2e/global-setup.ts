// Global setup of the end-to-end suite: everything the scenarios need, created or re-used with
// progress output. A missing prerequisite fails here with a message that says what to run.
import type { TestProject } from "vitest/node";
import { info } from "../../scripts/lib/log.ts";
import { prepareTestCluster } from "../../scripts/lib/test-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    e2e: {
      clusterName: string;
      kubeconfig: string;
      flinkImage: string;
      testJobImage: string;
      /** The test-job image with version 2 of the job jar. */
      testJobImageV2: string;
      testJobJar: string;
      /** S3-compatible server for the S3 storage scenario. */
      s3Image: string;
    };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const { cluster, images, s3Image } = await prepareTestCluster();
  info(`e2e setup ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  project.provide("e2e", {
    clusterName: cluster.name,
    kubeconfig: cluster.kubeconfig,
    flinkImage: images.flink,
    testJobImage: images.testJob,
    testJobImageV2: images.testJobV2,
    testJobJar: images.testJobJar,
    s3Image,
  });
}
