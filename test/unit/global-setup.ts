// Makes sure every pinned tool the unit tests run is present before any test starts: both helm
// majors, and for the chart-repository tests the distribution registry and ct (built from the Go
// module proxy on first use, about a minute each on 2 cores) with ct's yamllint/yamale venv and
// config files, and gpg. A tool that cannot be obtained stops the suite with one clear message.
import { ctConfigFiles, ensureCtVenv } from "../../scripts/lib/chart-testing.ts";
import { ensureTool, type Tool } from "../../scripts/lib/tools.ts";
import { gpgAvailable } from "../repo/gpg.ts";

const envVars: Record<Tool, string> = {
  helm3: "HELM3_BIN",
  helm4: "HELM4_BIN",
  kubectl: "KUBECTL_BIN",
  kind: "KIND_BIN",
  registry: "REGISTRY_BIN",
  ct: "CT_BIN",
};

function step(what: string, fix: string, fn: () => string | void): void {
  const started = Date.now();
  try {
    const where = fn();
    process.stderr.write(`[unit setup] ${what}: ${where ?? "ok"} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (e) {
    throw new Error(`${what} is missing and could not be obtained (${(e as Error).message}): run \`${fix}\``);
  }
}

export default function setup(): void {
  for (const tool of ["helm3", "helm4", "registry", "ct"] as const) {
    step(tool, `npm run tools -- ${tool}`, () => {
      const bin = ensureTool(tool);
      process.env[envVars[tool]] = bin;
      return bin;
    });
  }
  step("ct's yamllint/yamale venv", "npm run tools -- ct", () => ensureCtVenv());
  step("ct's chart_schema.yaml/lintconf.yaml", "npm run tools -- ct", () => ctConfigFiles().chartSchema);
  step("gpg", "apt-get install gnupg", () => {
    if (!gpgAvailable()) throw new Error("gpg is not on PATH");
  });
}
