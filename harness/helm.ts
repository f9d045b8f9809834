// The one place that runs helm: the pinned binaries (Helm 4 by default, HELM_MAJOR=3 selects Helm 3;
// see tools.ts for where a binary comes from), the chart's values as helm arguments, and the
// chart-level commands the render tests use (template, lint, NOTES). Releases in a cluster
// (release.ts) and the isolated clients of the chart-repository tests run helm through `helm()` too,
// with their own environment. Nothing here throws on a non-zero exit: callers assert on the result.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { run, type RunResult } from "./exec.ts";
import { ensureTool } from "./tools.ts";
import type { ValuesOverride } from "./values.ts";
import { repoRoot, versions } from "./versions.ts";

export type { RunResult };
export type HelmMajor = 3 | 4;

/** The chart's directory. */
export const chartDir = path.join(repoRoot, "charts", "flink");
/** The Kubernetes version the chart is rendered for (versions.env). */
export const kubeVersion = versions.KUBERNETES_VERSION;
/** Both majors the chart supports, for `describe.each`. */
export const helmMajors: readonly HelmMajor[] = [3, 4];

/** The major helm runs as when a caller does not say: HELM_MAJOR=3 selects Helm 3, else Helm 4. */
export function defaultHelmMajor(): HelmMajor {
  return process.env.HELM_MAJOR === "3" ? 3 : 4;
}

/** Path of the pinned helm of that major version (fetched into the tool cache when missing). */
export function helmBinary(major: HelmMajor = defaultHelmMajor()): string {
  return ensureTool(major === 3 ? "helm3" : "helm4");
}

export interface HelmOptions {
  major?: HelmMajor;
  /** Environment of the helm process (e.g. KUBECONFIG of a cluster, or an isolated HELM_* home). */
  env?: NodeJS.ProcessEnv;
  /** Working directory (default: the repository root). */
  cwd?: string;
  /** Text on helm's stdin (`-f -` reads values from it). */
  input?: string;
  timeoutMs?: number;
}

/** Runs helm asynchronously (an HTTP server in the same process keeps answering meanwhile). */
export function helm(args: readonly string[], o: HelmOptions = {}): Promise<RunResult> {
  return run(helmBinary(o.major), args, {
    env: o.env,
    cwd: o.cwd ?? repoRoot,
    input: o.input,
    timeoutMs: o.timeoutMs,
    stream: false,
    allowFailure: true,
  });
}

/** Runs helm synchronously (render tests render while vitest collects them). */
export function helmSync(args: readonly string[], o: HelmOptions = {}): RunResult {
  const r = spawnSync(helmBinary(o.major), args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    cwd: o.cwd ?? repoRoot,
    env: o.env ?? process.env,
    input: o.input,
    timeout: o.timeoutMs,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** The chart's values for one helm command, in helm's order of precedence (later wins). */
export interface ChartValues {
  /** Values files, relative to the repository root or absolute. */
  valuesFiles?: string[];
  /** Values as objects (typed from values.schema.json), merged as helm merges values files. */
  values?: ValuesOverride | ValuesOverride[];
  /** `--set` expressions. */
  set?: string[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Merges values objects the way helm merges several `-f` files: maps merge key by key, anything else
 * (lists, scalars, null) replaces what came before. null stays, so it still removes a chart default.
 */
export function mergeValues(...layers: (ValuesOverride | undefined)[]): ValuesOverride {
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isMap(a) || !isMap(b)) return b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  };
  return layers.reduce<unknown>((acc, l) => (l === undefined ? acc : merge(acc, l)), {}) as ValuesOverride;
}

/** helm arguments and stdin for `v`: the files, the typed values as one more file on stdin, `--set`. */
export function valuesArgs(v: ChartValues): { args: string[]; input?: string } {
  const args: string[] = [];
  for (const f of v.valuesFiles ?? []) args.push("-f", path.isAbsolute(f) ? f : path.join(repoRoot, f));
  const layers = v.values === undefined ? [] : Array.isArray(v.values) ? v.values : [v.values];
  // A JSON document is a valid YAML values file; stdin keeps callers free of temporary files.
  const input = layers.length ? JSON.stringify(mergeValues(...layers)) : undefined;
  if (input !== undefined) args.push("-f", "-");
  for (const s of v.set ?? []) args.push("--set", s);
  return { args, input };
}

export interface RenderOptions extends ChartValues {
  releaseName?: string;
  namespace?: string;
  major?: HelmMajor;
  /** Extra helm arguments (e.g. `--show-only`). */
  extraArgs?: string[];
}

/** `helm template` of the chart for the Kubernetes version of versions.env. */
export function helmTemplate(o: RenderOptions = {}): RunResult {
  const { args, input } = valuesArgs(o);
  const ns = o.namespace ?? "flink";
  const cmd = ["template", o.releaseName ?? "rel", chartDir, "--namespace", ns, "--kube-version", kubeVersion];
  return helmSync([...cmd, ...args, ...(o.extraArgs ?? [])], { major: o.major, input });
}

/** `helm lint --strict` of the chart with the given values. */
export function helmLint(o: RenderOptions = {}): RunResult {
  const { args, input } = valuesArgs(o);
  return helmSync(["lint", "--strict", chartDir, "--namespace", o.namespace ?? "flink", ...args], {
    major: o.major,
    input,
  });
}

/** NOTES.txt as `helm install --dry-run=client` renders it (helm template does not render NOTES). */
export function helmNotes(o: RenderOptions = {}): string {
  const { args, input } = valuesArgs(o);
  const ns = o.namespace ?? "flink";
  const cmd = ["install", o.releaseName ?? "rel", chartDir, "--dry-run=client", "--namespace", ns, "-o", "json"];
  const r = helmSync([...cmd, ...args], { major: o.major, input });
  if (r.code !== 0) throw new Error(`helm install --dry-run failed: ${r.stderr}`);
  const release = JSON.parse(r.stdout) as { info?: { notes?: string } };
  return release.info?.notes ?? "";
}
