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
  // Progress (stderr) as it happens; the result is the last line of stdout.
  const r = await run("bash", [path.join(repoRoot, "scripts/build", script), ...args], {
    stream: "stderr",
    allowFailure: true,
  });
  if (r.code !== 0) throw new Error(`scripts/build/${script} ${args.join(" ")} failed (exit ${r.code})`);
  const last = r.stdout.trim().split("\n").pop();
  if (!last) throw new Error(`scripts/build/${script} printed no result`);
  return last;
}

async function cachedBuild(script: string): Promise<string | undefined> {
  const r = await run("bash", [path.join(repoRoot, "scripts/build", script), "--cached-only"], {
    stream: false,
    allowFailure: true,
  });
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
    if (cached) {
      info(`re-using ${cached} (built here earlier)`);
      return cached;
    }
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

export interface FlinkImages {
  /** The Flink image (official interface), offline build or the upstream apache/flink. */
  flink: string;
  /** The Flink image plus the stateful test job in /opt/flink/usrlib. */
  testJob: string;
  /** The same with version 2 of the test job jar (upgrade tests: a new jar, the same classes and uids). */
  testJobV2: string;
  /** The test job jar on this machine (for REST upload). */
  testJobJar: string;
}

function parseKeyValues(out: string): Record<string, string> {
  return Object.fromEntries(
    out
      .split("\n")
      .filter((l) => /^[A-Z0-9_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

/** Builds (or re-uses) the Flink and test-job images: scripts/build/flink-image.sh. */
export function flinkImages(): Promise<FlinkImages> {
  const tag = `${versions.FLINK_VERSION}-scala_${versions.FLINK_SCALA_VERSION}`;
  const upstream = `apache/flink:${tag}`;
  return step(`Flink images (${imageSource()})`, async () => {
    let useUpstream = imageSource() === "upstream";
    if (imageSource() === "auto") {
      const builtHere = probe("docker", [
        "image",
        "inspect",
        "-f",
        '{{ index .Config.Labels "dev.flinkhelm.key" }}',
        `flink-helm/flink:${tag}`,
      ]);
      const offlineCached =
        builtHere.code === 0 && builtHere.stdout.trim() !== "" && builtHere.stdout.trim() !== "<no value>";
      useUpstream = !offlineCached && (present(upstream) || (await tryPull(upstream)));
    }
    const r = await run(
      "bash",
      [path.join(repoRoot, "scripts/build/flink-image.sh"), ...(useUpstream ? ["--upstream"] : [])],
      {
        stream: false,
        allowFailure: true,
      },
    );
    process.stderr.write(r.stderr);
    if (r.code !== 0) throw new Error(`scripts/build/flink-image.sh failed (exit ${r.code})`);
    const kv = parseKeyValues(r.stdout);
    const { FLINK_IMAGE, TESTJOB_IMAGE, TESTJOB_IMAGE_V2, TESTJOB_JAR } = kv;
    if (!FLINK_IMAGE || !TESTJOB_IMAGE || !TESTJOB_IMAGE_V2 || !TESTJOB_JAR)
      throw new Error(`flink-image.sh printed no image tags:\n${r.stdout}`);
    return {
      flink: await contentTag(FLINK_IMAGE),
      testJob: TESTJOB_IMAGE,
      testJobV2: TESTJOB_IMAGE_V2,
      testJobJar: TESTJOB_JAR,
    };
  });
}

/**
 * Tags `image` as `<image>-<first 12 hex digits of its image ID>` and returns that tag. Deployments
 * that use it roll when the image content changes, and kind never keeps a stale image under it.
 */
async function contentTag(image: string): Promise<string> {
  const id = (await run("docker", ["image", "inspect", "-f", "{{.Id}}", image], { stream: false })).stdout.trim();
  const tagged = `${image}-${id.replace(/^sha256:/, "").slice(0, 12)}`;
  if (!present(tagged)) await run("docker", ["tag", image, tagged], { stream: false });
  return tagged;
}

/** Splits "repo/name:tag" into the chart's image.repository and image.tag values. */
export function chartImageValues(image: string): string[] {
  const at = image.lastIndexOf(":");
  const repository = image.slice(0, at);
  const tag = image.slice(at + 1);
  return [
    "--set",
    "image.registry=",
    "--set",
    `image.repository=${repository}`,
    "--set",
    `image.tag=${tag}`,
    "--set",
    "image.pullPolicy=IfNotPresent",
  ];
}

/** Copies `file` out of `image` to `dest` (e.g. an example jar to upload through the REST API). */
export async function extractFromImage(image: string, file: string, dest: string): Promise<string> {
  const id = (await run("docker", ["create", image], { stream: false })).stdout.trim();
  try {
    await run("docker", ["cp", `${id}:${file}`, dest], { stream: false });
  } finally {
    await run("docker", ["rm", "-f", id], { stream: false, allowFailure: true });
  }
  return dest;
}

/** The S3-compatible server of the S3 storage e2e test (gofakes3, built here from the Go module proxy). */
export function s3ServerImage(): Promise<string> {
  return step("S3 server image (gofakes3)", () => buildScript("s3-server-image.sh"));
}
