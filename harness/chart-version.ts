// The chart-version bump rule: when anything under the chart directory differs from the base commit
// (committed, staged, unstaged or untracked), Chart.yaml's `version` must be a strict SemVer greater
// than the base's. Used by scripts/check-chart-version.ts (`npm run check:chart-version`).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { compareSemVer, nextVersions, parseSemVer } from "./semver.ts";

export interface VersionCheckOptions {
  /** A directory inside the git work tree to check (default: the current directory). */
  cwd?: string;
  /** Base revision; default `git merge-base HEAD main` (or origin/main when there is no main). */
  base?: string;
  /** Chart directory relative to the work tree's top (default charts/flink). */
  chart?: string;
}

export interface VersionCheckResult {
  ok: boolean;
  message: string;
  changed: string[];
  baseVersion?: string;
  version?: string;
}

function git(cwd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run git: ${r.error.message}`);
  return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}

function gitOrThrow(cwd: string, args: string[]): string {
  const r = git(cwd, args);
  if (!r.ok) throw new Error(`git ${args.join(" ")} failed: ${r.err}`);
  return r.out;
}

function defaultBase(top: string): string {
  for (const ref of ["main", "origin/main"]) {
    const r = git(top, ["merge-base", "HEAD", ref]);
    if (r.ok) return r.out;
  }
  throw new Error("no branch main or origin/main to compare with: pass --base REF");
}

function versionOf(chartYaml: string): string {
  const doc = yaml.load(chartYaml) as { version?: unknown } | null;
  return String(doc?.version ?? "");
}

/** Applies the bump rule; never throws for a rule violation (only for git errors). */
export function checkChartVersion(o: VersionCheckOptions = {}): VersionCheckResult {
  const top = gitOrThrow(o.cwd ?? process.cwd(), ["rev-parse", "--show-toplevel"]);
  const chart = (o.chart ?? "charts/flink").replace(/\/+$/, "");
  const baseRef = o.base ?? defaultBase(top);
  const base = gitOrThrow(top, ["rev-parse", "--verify", `${baseRef}^{commit}`]);
  const short = `${o.base ?? "merge-base with main"} (${base.slice(0, 12)})`;
  const diff = gitOrThrow(top, ["diff", "--name-only", base, "--", chart]);
  const untracked = gitOrThrow(top, ["ls-files", "--others", "--exclude-standard", "--", chart]);
  const changed = [...new Set([...diff.split("\n"), ...untracked.split("\n")].filter(Boolean))].sort();
  const chartYaml = `${chart}/Chart.yaml`;
  const version = versionOf(readFileSync(path.join(top, chartYaml), "utf8"));
  const current = parseSemVer(version);
  if (!current) {
    return {
      ok: false,
      changed,
      version,
      message: `${chartYaml}: version "${version}" is not strict SemVer (MAJOR.MINOR.PATCH, no "v")`,
    };
  }
  if (!changed.length)
    return { ok: true, changed, version, message: `${chart} is unchanged since ${short}; version ${version}` };
  const baseText = git(top, ["show", `${base}:${chartYaml}`]);
  if (!baseText.ok)
    return { ok: true, changed, version, message: `${chart} is new since ${short}; version ${version}` };
  const baseVersion = versionOf(baseText.out);
  const previous = parseSemVer(baseVersion);
  if (previous && compareSemVer(current, previous) > 0) {
    return {
      ok: true,
      changed,
      version,
      baseVersion,
      message: `${chart} changed since ${short} and its version was bumped: ${baseVersion} -> ${version}`,
    };
  }
  const shown = changed.slice(0, 8).join(", ") + (changed.length > 8 ? `, … (${changed.length} files)` : "");
  const next = previous ? nextVersions(previous) : undefined;
  const hint = next
    ? `bump \`version\` in ${chartYaml} to ${next.patch} (fix), ${next.minor} (feature) or ${next.major} (breaking change)`
    : `set a strict SemVer \`version\` greater than "${baseVersion}"`;
  return {
    ok: false,
    changed,
    version,
    baseVersion,
    message: `${chart} changed since ${short} (${shown}) but ${chartYaml} version is ${version}, not greater than the base's ${baseVersion}: ${hint}`,
  };
}
