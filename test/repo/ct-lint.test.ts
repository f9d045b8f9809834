// chart-testing: the pinned `ct lint` (with yamllint and yamale from the ct venv) passes on
// charts/flink with ct.yaml, offline (behind a dead proxy), on Helm 3 and Helm 4, linting once per ci/*-values.yaml; and it
// really runs yamllint, yamale and helm lint --strict: a copy of the chart with a defect in each fails.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ctCommand } from "../../harness/chart-testing.ts";
import { run, type RunResult } from "../../harness/exec.ts";
import { repoRoot } from "../../harness/versions.ts";
import { chartDir, helmBinary, type HelmMajor, helmMajors } from "../../harness/helm.ts";
import { HelmClient } from "./lib/helm-client.ts";

const ciFiles = readdirSync(path.join(chartDir, "ci")).filter((f) => f.endsWith("-values.yaml"));
const clients = new Map<HelmMajor, HelmClient>();

beforeAll(() => {
  for (const major of helmMajors) clients.set(major, new HelmClient(major));
});
afterAll(() => {
  for (const c of clients.values()) c.cleanup();
});

// Any network access would go through this dead proxy and fail: ct lint must work offline.
const offline = { HTTP_PROXY: "http://127.0.0.1:1", HTTPS_PROXY: "http://127.0.0.1:1", NO_PROXY: "", no_proxy: "" };

/** `ct lint --config ct.yaml --charts charts/flink` in `root` (a checkout or a copy of one). */
function ctLint(major: HelmMajor, root = repoRoot): Promise<RunResult> {
  const ct = ctCommand(helmBinary(major), { ...clients.get(major)!.env, ...offline });
  const args = ["lint", "--config", "ct.yaml", "--charts", "charts/flink", "--debug", ...ct.configArgs];
  return run(ct.bin, args, { cwd: root, env: ct.env, stream: false, allowFailure: true, timeoutMs: 180_000 });
}

describe.each(helmMajors)("ct lint with Helm %i", (major) => {
  it("passes on charts/flink with ct.yaml, linting once per ci/*-values.yaml with --strict", async () => {
    const r = await ctLint(major);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(0);
    expect(out).toContain("All charts linted successfully");
    expect(out).toContain("Version increment checking disabled.");
    expect(out).toMatch(/>>> yamale --schema \S+chart_schema\.yaml charts\/flink\/Chart\.yaml/);
    expect(out).toMatch(/>>> yamllint --config-file \S+lintconf\.yaml charts\/flink\/values\.yaml/);
    for (const f of ciFiles) expect(out).toContain(`>>> helm lint charts/flink --values charts/flink/ci/${f} --strict`);
  });
});

describe("ct lint fails on a defective copy of the chart", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "flink-helm-ct-"));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  function copyWith(name: string, file: string, edit: (text: string) => string): string {
    const root = path.join(tmp, name);
    cpSync(path.join(repoRoot, "ct.yaml"), path.join(root, "ct.yaml"));
    cpSync(chartDir, path.join(root, "charts", "flink"), { recursive: true });
    const target = path.join(root, "charts", "flink", file);
    const before = readFileSync(target, "utf8");
    const after = edit(before);
    expect(after).not.toBe(before);
    writeFileSync(target, after);
    return root;
  }

  it("yamllint: trailing spaces in values.yaml", async () => {
    const root = copyWith("yamllint", "values.yaml", (t) => t.replace(/^image:$/m, "image:   "));
    const r = await ctLint(4, root);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/trailing spaces\s+\(trailing-spaces\)/);
  });

  it("yamale: a maintainer without a name in Chart.yaml", async () => {
    const root = copyWith("yamale", "Chart.yaml", (t) =>
      t.replace(/^ {2}- name: flink-helm maintainers$/m, "  - email: someone@example.org"),
    );
    const r = await ctLint(4, root);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/maintainers\.0\.name: Required field missing/);
  });

  // (helm lint renders in lint mode, where `fail` and `required` only log: a parse error it does catch.)
  it.each(helmMajors)("helm lint (Helm %i): a template that does not parse", async (major) => {
    const root = copyWith(`helm-lint-${major}`, "templates/flink-config-configmap.yaml", (t) => `${t}{{- end }}\n`);
    const r = await ctLint(major, root);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(
      /\[ERROR\] templates\/: parse error at \(flink\/templates\/flink-config-configmap\.yaml:\d+\): unexpected \{\{end\}\}/,
    );
  });
});
