// `npm run check:chart-version`, for real: on a temporary git repository (main with a chart, a feature
// branch changing it) a chart change without a version bump fails and names the version to use; a
// bump, or a change outside the chart, passes. And on this checkout against main it passes.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, type RunResult } from "../../harness/exec.ts";
import { repoRoot } from "../../harness/versions.ts";

const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "test",
  GIT_AUTHOR_EMAIL: "test@flink-helm.test",
  GIT_COMMITTER_NAME: "test",
  GIT_COMMITTER_EMAIL: "test@flink-helm.test",
};

let repo: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, env: gitEnv, encoding: "utf8" }).trim();
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
};
const chartYaml = (version: string) => `apiVersion: v2\nname: flink\nversion: ${version}\nappVersion: "2.2.0"\n`;
const setVersion = (version: string) => write("charts/flink/Chart.yaml", chartYaml(version));

/** Runs the real script, as `npm run check:chart-version -- args` would, in `cwd`. */
function check(args: string[] = [], cwd = repo): Promise<RunResult> {
  const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
  return run(tsx, [path.join(repoRoot, "scripts", "check-chart-version.ts"), ...args], {
    cwd,
    env: gitEnv,
    stream: false,
    allowFailure: true,
  });
}

beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), "flink-helm-bump-"));
  execFileSync("git", ["init", "--quiet", "--initial-branch=main", repo], { env: gitEnv });
  setVersion("1.4.2");
  write("charts/flink/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  write("README.md", "# test\n");
  git("add", "-A");
  git("commit", "--quiet", "-m", "chart 1.4.2");
  git("checkout", "--quiet", "-b", "feature");
});

afterAll(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
});

describe("check-chart-version on a temporary repository", () => {
  it("passes when nothing under the chart changed", async () => {
    const r = await check();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("charts/flink is unchanged since merge-base with main");
  });

  it("passes when only a file outside the chart changed", async () => {
    write("README.md", "# test\nmore\n");
    git("commit", "--quiet", "-am", "readme");
    const r = await check();
    expect(r.code, r.stderr).toBe(0);
  });

  it("fails for a new untracked file under the chart, and passes again once it is gone", async () => {
    write("charts/flink/templates/extra.yaml", "# new\n");
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("(charts/flink/templates/extra.yaml)");
    rmSync(path.join(repo, "charts/flink/templates/extra.yaml"));
    expect((await check()).code).toBe(0);
  });

  it("fails for an uncommitted template change without a bump, naming the versions to use", async () => {
    write("charts/flink/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("charts/flink changed since merge-base with main");
    expect(r.stderr).toContain("(charts/flink/templates/cm.yaml)");
    expect(r.stderr).toContain("charts/flink/Chart.yaml version is 1.4.2, not greater than the base's 1.4.2");
    expect(r.stderr).toContain(
      "bump `version` in charts/flink/Chart.yaml to 1.4.3 (fix), 1.5.0 (feature) or 2.0.0 (breaking change)",
    );
  });

  it("still fails once the change is committed", async () => {
    git("commit", "--quiet", "-am", "template change");
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bump `version`");
  });

  it("fails for a lower version and for a version that is not strict SemVer", async () => {
    setVersion("1.4.1");
    expect((await check()).stderr).toContain("version is 1.4.1, not greater than the base's 1.4.2");
    setVersion("1.5");
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('version "1.5" is not strict SemVer');
  });

  it("passes after a bump (a pre-release of the next version counts: 1.4.3-rc.1 > 1.4.2)", async () => {
    setVersion("1.5.0");
    const r = await check();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("its version was bumped: 1.4.2 -> 1.5.0");
    setVersion("1.4.3-rc.1");
    expect((await check()).code).toBe(0);
    setVersion("1.4.2-rc.1");
    expect((await check()).code).toBe(1);
    setVersion("1.5.0");
    git("commit", "--quiet", "-am", "bump");
  });

  it("compares with --base REF instead of the merge-base with main", async () => {
    expect((await check(["--base", "HEAD"])).stdout).toContain("charts/flink is unchanged since HEAD");
    write("charts/flink/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
    expect((await check()).stdout).toContain("its version was bumped: 1.4.2 -> 1.5.0"); // against main
    const r = await check(["--base", "HEAD"]); // HEAD already released 1.5.0
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("to 1.5.1 (fix), 1.6.0 (feature) or 2.0.0 (breaking change)");
    git("checkout", "--quiet", "--", "charts/flink/templates/cm.yaml");
  });

  it("reports a clear error for an unknown base", async () => {
    const r = await check(["--base", "no-such-ref"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: git rev-parse --verify no-such-ref\^\{commit\} failed/);
  });
});

describe("check-chart-version on this checkout", () => {
  it("passes against main (every chart change here came with a version bump)", async () => {
    const hasMain =
      execFileSync("git", ["branch", "--list", "main", "--all"], { cwd: repoRoot, encoding: "utf8" }).trim() !== "";
    const r = await check(hasMain ? [] : ["--base", "HEAD"], repoRoot);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok: charts\/flink /);
    expect(readFileSync(path.join(repoRoot, "charts/flink/Chart.yaml"), "utf8")).toMatch(/^version: \S+$/m);
  });
});
