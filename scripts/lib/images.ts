// Chooses and prepares the container images: upstream ones where a registry is reachable, otherwise
// the ones built here from Debian, the Go module proxy and Maven Central (scripts/build/*).
// FLINK_HELM_IMAGES=auto (default) | upstream | build.
import path from "node:path";
import { probe, run } from "./exec.ts";
import { info, step } from "./log.ts";
import { repoRoot, versions } from "./versions.ts";

export type ImageSource = "auto" | "upstream" | "build";

export function imageSource(): ImageSource {
  const v = process.env.FLINK_HELM_IMAGES ?? "auto";
  if (v !== "auto" && v !== "upstream" && v !== "build") {
    throw new Error(`FLINK_HELM_IMAGES=${v}: expected auto, upstream or build`);
  }
  return v;
}

const present = (image: string) => probe("docker", ["image", "inspect", image]).code === 0;

/** Runs a build script that prints the image (or path) it produced on its last stdout line. */
async function buildScript(script: string, args: string[] = []): Promise<string> {
  const r = await run("bash", [path.join(repoRoot, "scripts/build", script), ...args], { stream: false, allowFailure: true })
    .then((res) => {
      process.stderr.write(res.stderr);
      return res;
    });
  if (r.code !== 0) throw new Error(`scripts/build/${script} ${args.join(" ")} failed (exit ${r.code})`);
  const last = r.stdout.trim().split("\n").pop();
  if (!last) throw new Error(`scripts/build/${script} printed no result`);
  return last;
}

async function cachedBuild(script: string): Promise<string | undefined> {
  const r = await run("bash", [path.join(repoRoot, "scripts/build", script), "--cached-only"], { stream: false, allowFailure: true });
  return r.code === 0 ? r.stdout.trim().split("\n").pop() : undefined;
}

async function tryPull(image: string): Promise<boolean> {
  info(`trying docker pull ${image} (a registry may be reachable)`);
  const r = await run("docker", ["pull", image], { stream: false, allowFailure: true, timeoutMs: 600_000 });
  if (r.code !== 0) info(`docker pull ${image} failed: ${r.stderr.trim().split("\n").pop() ?? ""}`);
  return r.code === 0;
}

/**
 * Resolves an image that exists in two variants: `upstream` (pulled) or built by `script`.
 * auto: a cached local build, else a local upstream copy, else a pull, else a build.
 */
async function resolve(label: string, upstream: string, script: string): Promise<string> {
  const source = imageSource();
  return step(`${label} image (${source})`, async () => {
    if (source === "build") return buildScript(script);
    if (source === "upstream") {
      if (!present(upstream) && !(await tryPull(upstream))) throw new Error(`cannot pull ${upstream}`);
      return upstream;
    }
    const cached = await cachedBuild(script);
    if (cached) return cached;
    if (present(upstream)) return upstream;
    if (await tryPull(upstream)) return upstream;
    info(`no registry reachable for ${upstream}: building ${label} image locally`);
    return buildScript(script);
  });
}

/** The kind node image for KUBERNETES_VERSION. */
export function nodeImage(): Promise<string> {
  return resolve("kind node", versions.KIND_NODE_IMAGE_UPSTREAM, "kind-node-image.sh");
}
