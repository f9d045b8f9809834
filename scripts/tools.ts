// npm run tools: obtains every pinned CLI tool and prints where it is.
import { ensureTool, type Tool } from "./lib/tools.ts";
import { versions } from "./lib/versions.ts";

const wanted = (process.argv.slice(2) as Tool[]).length ? (process.argv.slice(2) as Tool[]) : (["helm3", "helm4", "kubectl", "kind"] as Tool[]);
for (const tool of wanted) {
  const started = Date.now();
  const bin = ensureTool(tool);
  console.log(`${tool.padEnd(8)} ${bin} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.log(`Kubernetes ${versions.KUBERNETES_VERSION}, Flink ${versions.FLINK_VERSION}`);
