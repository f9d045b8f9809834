// Everything `ct lint` (chart-testing) needs besides its binary: yamllint and yamale pinned in a venv
// in the tool cache (never the system Python), and ct's own chart_schema.yaml / lintconf.yaml, copied
// at run time from the chart-testing module zip (its etc/ folder) next to the cached binary.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureTool, pinned } from "./tools.ts";
import { cacheRoot } from "./versions.ts";

function log(msg: string): void {
  process.stderr.write(`[chart-testing] ${msg}\n`);
}

/** The venv holding yamllint and yamale at their pinned versions; its bin/ goes first on ct's PATH. */
export function ensureCtVenv(): string {
  const yamllint = pinned("YAMLLINT_VERSION");
  const yamale = pinned("YAMALE_VERSION");
  const dir = path.join(cacheRoot, `venv-ct-yamllint${yamllint}-yamale${yamale}`);
  const bin = path.join(dir, "bin");
  const marker = path.join(dir, ".complete");
  const works = () =>
    spawnSync(path.join(bin, "yamllint"), ["--version"], { encoding: "utf8" }).stdout?.trim() ===
    `yamllint ${yamllint}`;
  if (existsSync(marker) && works()) return bin;
  const python = process.env.PYTHON ?? "python3";
  log(`creating ${dir} (yamllint ${yamllint}, yamale ${yamale} from PyPI)`);
  rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync(python, ["-m", "venv", dir], { stdio: ["ignore", "inherit", "inherit"] });
    execFileSync(
      path.join(bin, "pip"),
      ["install", "--quiet", "--disable-pip-version-check", "--no-input", `yamllint==${yamllint}`, `yamale==${yamale}`],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
  } catch (e) {
    throw new Error(
      `could not create the ct venv with ${python} (needs python3 with venv/ensurepip): ${(e as Error).message}`,
    );
  }
  if (!works()) throw new Error(`${bin}/yamllint does not report version ${yamllint}`);
  writeFileSync(marker, `yamllint==${yamllint}\nyamale==${yamale}\n`);
  return bin;
}

export interface CtConfigFiles {
  chartSchema: string;
  lintConf: string;
}

/** ct's chart_schema.yaml and lintconf.yaml for the pinned ct, from its Go module (etc/). */
export function ctConfigFiles(): CtConfigFiles {
  const version = pinned("CHART_TESTING_VERSION");
  const dir = path.join(cacheRoot, "bin", `ct-${version}`, "etc");
  const files = { chartSchema: path.join(dir, "chart_schema.yaml"), lintConf: path.join(dir, "lintconf.yaml") };
  if (existsSync(files.chartSchema) && existsSync(files.lintConf)) return files;
  const module = `github.com/helm/chart-testing/v3@${version}`;
  log(`copying etc/chart_schema.yaml and etc/lintconf.yaml of ${module} into ${dir}`);
  // `go mod download` outside any module (a fresh temp dir) so no go.mod is touched.
  const tmp = mkdtempSync(path.join(os.tmpdir(), "flink-helm-ct-"));
  try {
    const out = execFileSync("go", ["mod", "download", "-json", module], {
      cwd: tmp,
      encoding: "utf8",
      env: { ...process.env, GO111MODULE: "on" },
    });
    const src = (JSON.parse(out) as { Dir?: string }).Dir;
    if (!src) throw new Error(`go mod download ${module} returned no directory`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(src, "etc", "chart_schema.yaml"), files.chartSchema);
    copyFileSync(path.join(src, "etc", "lintconf.yaml"), files.lintConf);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return files;
}

export interface CtCommand {
  bin: string;
  /** Arguments that point ct at its config files; append the subcommand's own after `lint`. */
  configArgs: string[];
  /** PATH with the venv and the chosen helm first. */
  env: NodeJS.ProcessEnv;
}

/** Everything needed to run `ct lint` with the given helm binary. */
export function ctCommand(helmBin: string, baseEnv: NodeJS.ProcessEnv = process.env): CtCommand {
  const bin = ensureTool("ct");
  const venvBin = ensureCtVenv();
  const files = ctConfigFiles();
  return {
    bin,
    configArgs: ["--chart-yaml-schema", files.chartSchema, "--lint-conf", files.lintConf],
    env: { ...baseEnv, PATH: [venvBin, path.dirname(helmBin), baseEnv.PATH ?? ""].join(path.delimiter) },
  };
}
