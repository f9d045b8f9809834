// Makes sure both pinned helm majors are present before any render test runs: ensureTool obtains a
// missing one into the tool cache; if that fails the suite stops with one clear message.
import { ensureTool } from "../../scripts/lib/tools.ts";

export default function setup(): void {
  for (const tool of ["helm3", "helm4"] as const) {
    try {
      const bin = ensureTool(tool);
      process.env[tool === "helm3" ? "HELM3_BIN" : "HELM4_BIN"] = bin;
    } catch (e) {
      throw new Error(`${tool} is missing and could not be obtained (${(e as Error).message}): run \`npm run tools\``);
    }
  }
}
