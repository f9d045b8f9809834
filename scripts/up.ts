// npm run up: a Flink cluster in a local kind cluster, with an example job running and the web UI on
// http://127.0.0.1:8081. Idempotent: a second run re-uses images, cluster, release and job.
//   1. Docker engine (installed/started when absent)      4. kind cluster (created or re-used)
//   2. pinned tools (kind, kubectl, helm)                  5. chart: session mode, HA, StatefulSet TMs
//   3. images: upstream where a registry answers, else     6. example job submitted over REST,
//      built here (kind node, Flink, test job)                 waited for until RUNNING + checkpointing
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DEFAULT_PORT_MAPPINGS, KindCluster } from "../harness/cluster.ts";
import { dumpNamespace } from "../harness/diagnostics.ts";
import { FlinkRest } from "../harness/flink-rest.ts";
import { extractFromImage, flinkImages, nodeImage } from "../harness/images.ts";
import { info, sinceStart, step, waitFor } from "../harness/log.ts";
import { Release } from "../harness/release.ts";
import { ensureDocker } from "../harness/test-cluster.ts";
import { ensureTool } from "../harness/tools.ts";
import { cacheRoot, versions } from "../harness/versions.ts";

const RELEASE = "flink";
const NAMESPACE = "flink";
const UI = `http://127.0.0.1:${DEFAULT_PORT_MAPPINGS[0]!.hostPort}`;
const EXAMPLE_JAR = "/opt/flink/examples/streaming/StateMachineExample.jar";

const cluster = new KindCluster();

async function main(): Promise<void> {
  await ensureDocker();
  await step("pinned tools (kind, kubectl, helm)", () => {
    for (const t of ["kind", "kubectl", "helm4"] as const) info(`${t}: ${ensureTool(t)}`);
  });
  const node = await nodeImage();
  const images = await flinkImages();
  await cluster.ensure(node);
  await cluster.loadImages([images.flink]);

  const release = new Release({ cluster, images }, NAMESPACE, RELEASE);
  await step(`helm upgrade --install ${RELEASE} (values-examples/quickstart.yaml)`, () =>
    release.installOrUpgrade({ valuesFiles: ["values-examples/quickstart.yaml"] }),
  );
  await step("JobManagers and TaskManagers rolled out and ready", () => release.waitReady(4));

  const rest = new FlinkRest(UI);
  const overview = await step(`TaskManagers registered (REST ${UI}/overview)`, () =>
    waitFor({ what: "2 TaskManagers with 4 slots", timeoutMs: 300_000 }, async () => {
      const o = await rest.overview();
      return {
        done: o.taskmanagers >= 2 && o["slots-total"] >= 4 ? o : undefined,
        status: `${o.taskmanagers} TaskManagers, ${o["slots-total"]} slots`,
      };
    }),
  );

  const running = (await rest.jobs()).find((j) => j.state === "RUNNING");
  let jid = running?.jid;
  if (jid) {
    info(`job ${jid} (${running?.name}) is already running: not submitting another`);
  } else {
    jid = await step("submit the example job (StateMachineExample) through the REST API", async () => {
      mkdirSync(path.join(cacheRoot, "jars"), { recursive: true });
      const jar = await extractFromImage(
        images.flink,
        EXAMPLE_JAR,
        path.join(cacheRoot, "jars", "StateMachineExample.jar"),
      );
      const jarId = await rest.uploadJar(jar);
      return rest.runJar(jarId, { parallelism: 2 });
    });
  }
  const id = jid;
  await step(`job ${id} RUNNING with a completed checkpoint`, () =>
    waitFor({ what: `job ${id} to run and checkpoint`, timeoutMs: 300_000 }, async () => {
      const [job, cps] = await Promise.all([rest.job(id), rest.checkpoints(id)]);
      const ok = job.state === "RUNNING" && cps.counts.completed > 0;
      return { done: ok ? true : undefined, status: `${job.state}, ${cps.counts.completed} checkpoints completed` };
    }),
  );

  console.log(`
Flink ${overview["flink-version"]} is running in kind cluster "${cluster.name}" (Kubernetes ${versions.KUBERNETES_VERSION}), ready in ${sinceStart()}.
  Web UI / REST API:  ${UI}   (job ${id})
  kubectl:            export KUBECONFIG=${cluster.kubeconfig}; kubectl -n ${NAMESPACE} get pods
  submit a job:       curl -F jarfile=@my-job.jar ${UI}/jars/upload
  remove everything:  npm run down`);
}

main().catch(async (err: unknown) => {
  console.error(`\nnpm run up failed: ${(err as Error).message}`);
  if (cluster.nodeContainer) await dumpNamespace(NAMESPACE, cluster.env()).catch(() => undefined);
  process.exit(1);
});
