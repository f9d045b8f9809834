// Runs the pinned helm binaries (Helm 4 by default; HELM_MAJOR=3 selects Helm 3). The binary comes
// from HELM_BIN / HELM3_BIN / HELM4_BIN or PATH when its version matches versions.env, else from the
// project's tool cache (scripts/lib/tools.ts, `npm run tools`).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureTool } from "../../scripts/lib/tools.ts";
import { repoRoot, versions } from "../../scripts/lib/versions.ts";
import type { ValuesOverride } from "./values.ts";

export type HelmMajor = 3 | 4;

export const chartDir = path.join(repoRoot, "charts", "flink");
export const kubeVersion = versions.KUBERNETES_VERSION;

/** Path of the pinned helm of that major version (fetched into the tool cache when missing). */
export function helmBinary(major: HelmMajor = process.env.HELM_MAJOR === "3" ? 3 : 4): string {
  return ensureTool(major === 3 ? "helm3" : "helm4");
}

export interface HelmResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Runs helm with `args`; never throws on a non-zero exit (callers assert on it). */
export function runHelm(args: string[], major?: HelmMajor): HelmResult {
  const r = spawnSync(helmBinary(major), args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, cwd: repoRoot });
  if (r.error) throw r.error;
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

export interface RenderOptions {
  /** Values files, relative to the repository root or absolute. */
  valuesFiles?: string[];
  /** Values as an object (typed from values.schema.json), passed on stdin after valuesFiles. */
  values?: ValuesOverride;
  /** `--set` expressions. */
  set?: string[];
  releaseName?: string;
  namespace?: string;
  major?: HelmMajor;
  /** Extra helm arguments (e.g. `--show-only`). */
  extraArgs?: string[];
}

function valuesArgs(o: RenderOptions): string[] {
  const args: string[] = [];
  for (const f of o.valuesFiles ?? []) args.push("-f", path.isAbsolute(f) ? f : path.join(repoRoot, f));
  // A JSON document is a valid YAML values file; stdin keeps the test free of temporary files.
  if (o.values) args.push("-f", "-");
  for (const s of o.set ?? []) args.push("--set", s);
  return args;
}

function runWithStdin(args: string[], o: RenderOptions): HelmResult {
  const r = spawnSync(helmBinary(o.major), args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    cwd: repoRoot,
    input: o.values ? JSON.stringify(o.values) : undefined,
  });
  if (r.error) throw r.error;
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

/** `helm template` of the chart for the Kubernetes version of versions.env. */
export function helmTemplate(o: RenderOptions = {}): HelmResult {
  const args = [
    "template",
    o.releaseName ?? "rel",
    chartDir,
    "--namespace",
    o.namespace ?? "flink",
    "--kube-version",
    kubeVersion,
    ...valuesArgs(o),
    ...(o.extraArgs ?? []),
  ];
  return runWithStdin(args, o);
}

/** `helm lint --strict` of the chart with the given values. */
export function helmLint(o: RenderOptions = {}): HelmResult {
  return runWithStdin(["lint", "--strict", chartDir, "--namespace", o.namespace ?? "flink", ...valuesArgs(o)], o);
}

/** NOTES.txt as `helm install --dry-run=client` renders it (helm template does not render NOTES). */
export function helmNotes(o: RenderOptions = {}): string {
  const args = [
    "install",
    o.releaseName ?? "rel",
    chartDir,
    "--dry-run=client",
    "--namespace",
    o.namespace ?? "flink",
    "-o",
    "json",
    ...valuesArgs(o),
  ];
  const r = runWithStdin(args, o);
  if (!r.ok) throw new Error(`helm install --dry-run failed: ${r.stderr}`);
  const release = JSON.parse(r.stdout) as { info?: { notes?: string } };
  return release.info?.notes ?? "";
}
