// npm run tools [-- tool...]: obtains every pinned CLI tool (or the ones named) and prints where it is.
// `ct` also gets what ct lint needs: the yamllint/yamale venv and ct's config files.
import { ctConfigFiles, ensureCtVenv } from "../harness/chart-testing.ts";
import { ensureTool, type Tool } from "../harness/tools.ts";
import { versions } from "../harness/versions.ts";

const all: Tool[] = ["helm3", "helm4", "kubectl", "kind", "registry", "ct"];
const wanted = process.argv.length > 2 ? (process.argv.slice(2) as Tool[]) : all;
for (const tool of wanted) {
  if (!all.includes(tool)) throw new Error(`unknown tool ${tool}: one of ${all.join(", ")}`);
  const started = Date.now();
  const bin = ensureTool(tool);
  console.log(`${tool.padEnd(8)} ${bin} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (tool === "ct") {
    const t = Date.now();
    const venv = ensureCtVenv();
    const { chartSchema } = ctConfigFiles();
    console.log(
      `${"".padEnd(8)} yamllint/yamale in ${venv}, config in ${chartSchema.replace(/\/[^/]+$/, "")} (${((Date.now() - t) / 1000).toFixed(1)} s)`,
    );
  }
}
console.log(`Kubernetes ${versions.KUBERNETES_VERSION}, Flink ${versions.FLINK_VERSION}`);
