// The chart-repository tests need, besides both helm majors, the distribution registry and ct (built
// from the Go module proxy on first use, about a minute each on 2 cores), ct's yamllint/yamale venv
// and config files, and gpg: all obtained here before any test starts. A tool that cannot be obtained
// stops the suite with one message saying what to run.
import { ctConfigFiles, ensureCtVenv } from "../../harness/chart-testing.ts";
import { setupStep, setupTool } from "../../harness/tools.ts";
import { gpgAvailable } from "./lib/gpg.ts";

export default function setup(): void {
  for (const tool of ["helm3", "helm4", "registry", "ct"] as const) setupTool(tool, "repo");
  setupStep("ct's yamllint/yamale venv", "repo", "npm run tools -- ct", () => ensureCtVenv());
  setupStep("ct's chart_schema.yaml/lintconf.yaml", "repo", "npm run tools -- ct", () => ctConfigFiles().chartSchema);
  setupStep("gpg", "repo", "apt-get install gnupg", () => {
    if (!gpgAvailable()) throw new Error("gpg is not on PATH");
  });
}
