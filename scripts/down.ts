// npm run down: removes what `npm run up` created (the release and the kind cluster). Caches
// (~/.cache/flink-helm, Docker images, Go and Maven caches) stay, so the next `npm run up` is fast.
import { rmSync } from "node:fs";
import { KindCluster } from "../harness/cluster.ts";
import { step } from "../harness/log.ts";
import { cacheRoot } from "../harness/versions.ts";
import path from "node:path";

const cluster = new KindCluster();
await cluster.delete();
await step("remove the cluster's kubeconfig and kind config", () => {
  rmSync(cluster.kubeconfig, { force: true });
  rmSync(path.join(cacheRoot, `kind-config-${cluster.name}.yaml`), { force: true });
});
console.log(`Removed kind cluster "${cluster.name}". Caches under ${cacheRoot} and Docker's images are kept.`);
