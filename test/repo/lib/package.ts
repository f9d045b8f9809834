// Packaging for the repository tests: the chart's name/version, `helm package` with a given client
// (optionally signed), and `npm run package` exactly as a user runs it.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { run, type RunResult } from "../../../harness/exec.ts";
import { repoRoot } from "../../../harness/versions.ts";
import { chartDir } from "../../../harness/helm.ts";
import type { SigningKey } from "./gpg.ts";
import type { HelmClient } from "./helm-client.ts";

export interface ChartMeta {
  name: string;
  version: string;
  appVersion: string;
}

export const chartMeta = yaml.load(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as ChartMeta;
export const packageFile = `${chartMeta.name}-${chartMeta.version}.tgz`;

/** `helm package charts/flink -d dest` (signed with `key` when given); returns the .tgz path. */
export async function helmPackage(
  client: HelmClient,
  dest: string,
  key?: SigningKey,
  chart = chartDir,
): Promise<string> {
  const sign = key ? ["--sign", "--key", key.name, "--keyring", key.secring] : [];
  const r = await client.helm(["package", chart, "--destination", dest, ...sign]);
  if (r.code !== 0) throw new Error(`helm ${client.major} package failed: ${r.stderr}`);
  return path.join(dest, packageFile);
}

/** `npm run package -- --dest dest [...args]` with extra environment (e.g. FLINK_HELM_SIGN_KEY). */
export function npmRunPackage(dest: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<RunResult> {
  return run("npm", ["run", "--silent", "package", "--", "--dest", dest, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stream: false,
    allowFailure: true,
    timeoutMs: 180_000,
  });
}
