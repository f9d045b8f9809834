// Classic HTTP chart repository: `npm run package` (signed) writes the versioned .tgz, its .prov,
// index.yaml and artifacthub-repo.yml; served on 127.0.0.1, Helm 3 and Helm 4 add the repository,
// find the chart, pull it with --verify (fetching the .prov) and render it from the repository.
import { helmMajors } from "../../harness/helm.ts";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../harness/exec.ts";
import { repoRoot } from "../../harness/versions.ts";
import { makeSigningKey, type SigningKey } from "./lib/gpg.ts";
import { HelmClient, kinds } from "./lib/helm-client.ts";
import { chartMeta, npmRunPackage, packageFile } from "./lib/package.ts";
import { serveDirectory, type StaticServer } from "./lib/static-server.ts";

interface IndexEntry {
  version: string;
  appVersion: string;
  digest: string;
  urls: string[];
  annotations?: Record<string, string>;
}

let tmp: string;
let repoDir: string;
let signer: SigningKey;
let server: StaticServer;
let packaged: RunResult;

const entries = () =>
  (yaml.load(readFileSync(path.join(repoDir, "index.yaml"), "utf8")) as { entries: Record<string, IndexEntry[]> })
    .entries;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "flink-helm-http-"));
  signer = makeSigningKey(path.join(tmp, "key"), "flink-helm test signer");
  repoDir = path.join(tmp, "charts");
  mkdirSync(repoDir);
  // An earlier release already published: the new index must keep it.
  writeFileSync(
    path.join(repoDir, "index.yaml"),
    yaml.dump({
      apiVersion: "v1",
      entries: {
        flink: [
          {
            apiVersion: "v2",
            name: "flink",
            version: "0.0.1",
            appVersion: "2.1.0",
            urls: ["flink-0.0.1.tgz"],
            digest: "0".repeat(64),
          },
        ],
      },
    }),
  );
  packaged = await npmRunPackage(repoDir, {
    FLINK_HELM_SIGN_KEY: signer.name,
    FLINK_HELM_SIGN_KEYRING: signer.secring,
    FLINK_HELM_REPO_URL: "",
  });
  server = await serveDirectory(repoDir);
});

afterAll(async () => {
  await server?.close();
  signer?.dispose();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("npm run package", () => {
  it("writes the versioned .tgz and its .prov, and says what it did", () => {
    expect(packaged.code, packaged.stderr).toBe(0);
    expect(existsSync(path.join(repoDir, packageFile))).toBe(true);
    expect(existsSync(path.join(repoDir, `${packageFile}.prov`))).toBe(true);
    expect(packaged.stdout).toContain(`${packageFile} and signed it with "${signer.name}"`);
    expect(packaged.stdout).toMatch(/merged .*index\.yaml: 2 chart version\(s\), URLs relative to index\.yaml/);
  });

  it("indexes the package with its digest and a relative URL, and keeps the earlier release", () => {
    const flink = entries().flink ?? [];
    expect(flink.map((e) => e.version).sort()).toEqual(["0.0.1", chartMeta.version]);
    const entry = flink.find((e) => e.version === chartMeta.version)!;
    expect(entry.appVersion).toBe(chartMeta.appVersion);
    expect(entry.urls).toEqual([packageFile]);
    expect(entry.digest).toBe(
      createHash("sha256")
        .update(readFileSync(path.join(repoDir, packageFile)))
        .digest("hex"),
    );
    expect(entry.annotations?.["artifacthub.io/category"]).toBe("streaming-messaging");
  });

  it("writes absolute chart URLs under FLINK_HELM_REPO_URL", async () => {
    const dir = path.join(tmp, "absolute");
    const r = await npmRunPackage(dir, { FLINK_HELM_REPO_URL: "https://charts.example.org/flink" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("(unsigned: set FLINK_HELM_SIGN_KEY to sign)");
    const index = yaml.load(readFileSync(path.join(dir, "index.yaml"), "utf8")) as {
      entries: Record<string, IndexEntry[]>;
    };
    expect(index.entries.flink?.[0]?.urls).toEqual([`https://charts.example.org/flink/${packageFile}`]);
    expect(existsSync(path.join(dir, `${packageFile}.prov`))).toBe(false);
  });

  it("puts artifacthub-repo.yml next to index.yaml, where Artifact Hub reads it", async () => {
    const r = await fetch(`${server.url}/artifacthub-repo.yml`);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe(readFileSync(path.join(repoRoot, "charts", "artifacthub-repo.yml"), "utf8"));
  });
});

describe.each(helmMajors)("Helm %i against the HTTP repository", (major) => {
  let client: HelmClient;
  beforeAll(async () => {
    client = new HelmClient(major);
    const r = await client.helm(["repo", "add", "flink-test", server.url]);
    if (r.code !== 0) throw new Error(`helm repo add failed: ${r.stderr}`);
  });
  afterAll(() => client?.cleanup());

  it("helm search repo finds the chart at its version and appVersion", async () => {
    const r = await client.helm(["search", "repo", "flink-test/flink", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const found = JSON.parse(r.stdout) as { name: string; version: string; app_version: string }[];
    expect(found).toEqual([
      expect.objectContaining({
        name: "flink-test/flink",
        version: chartMeta.version,
        app_version: chartMeta.appVersion,
      }),
    ]);
    const all = await client.helm(["search", "repo", "flink-test/flink", "--versions", "-o", "json"]);
    expect((JSON.parse(all.stdout) as { version: string }[]).map((e) => e.version)).toEqual([
      chartMeta.version,
      "0.0.1",
    ]);
  });

  it("helm pull --verify downloads the package and its .prov, verifies them, and the package lints --strict", async () => {
    const dest = client.dir("pulled");
    const before = server.requests.length;
    const r = await client.helm([
      "pull",
      "flink-test/flink",
      "--version",
      chartMeta.version,
      "--verify",
      "--keyring",
      signer.pubring,
      "-d",
      dest,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Signed by: flink-helm test signer");
    expect(server.requests.slice(before)).toEqual(expect.arrayContaining([`/${packageFile}`, `/${packageFile}.prov`]));
    expect(readFileSync(path.join(dest, packageFile))).toEqual(readFileSync(path.join(repoDir, packageFile)));
    const lint = await client.helm(["lint", "--strict", path.join(dest, packageFile)]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
  });

  it("helm template --verify renders the chart from the repository", async () => {
    const r = await client.helm([
      "template",
      "rel",
      "flink-test/flink",
      "--version",
      chartMeta.version,
      "--verify",
      "--keyring",
      signer.pubring,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(kinds(r.stdout)).toEqual(expect.arrayContaining(["ConfigMap", "Deployment", "Service"]));
    expect(r.stdout).toContain(`app.kubernetes.io/version: "${chartMeta.appVersion}"`);
  });

  it(
    major === 4
      ? "helm install --dry-run=client installs from the repository (offline)"
      : "helm install needs a cluster on Helm 3, even with --dry-run=client",
    async () => {
      const r = await client.helm([
        "install",
        "rel",
        "flink-test/flink",
        "--version",
        chartMeta.version,
        "--dry-run=client",
        "-o",
        "json",
      ]);
      if (major === 3) {
        expect(r.stderr).toMatch(/Kubernetes cluster unreachable/);
        return;
      }
      expect(r.code, r.stderr).toBe(0);
      const release = JSON.parse(r.stdout) as { chart: { metadata: { version: string } }; info: { status: string } };
      expect(release.chart.metadata.version).toBe(chartMeta.version);
      expect(release.info.status).toBe("pending-install");
    },
  );
});

describe.each(helmMajors)("Helm %i against a repository serving a tampered package", (major) => {
  it("helm pull --verify refuses it", async () => {
    const dir = path.join(tmp, `tampered-${major}`);
    mkdirSync(dir, { recursive: true });
    for (const f of ["index.yaml", packageFile, `${packageFile}.prov`])
      copyFileSync(path.join(repoDir, f), path.join(dir, f));
    const bytes = readFileSync(path.join(dir, packageFile));
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    writeFileSync(path.join(dir, packageFile), bytes);
    const tampered = await serveDirectory(dir);
    const client = new HelmClient(major);
    try {
      expect((await client.helm(["repo", "add", "tampered", tampered.url])).code).toBe(0);
      const r = await client.helm([
        "pull",
        "tampered/flink",
        "--version",
        chartMeta.version,
        "--verify",
        "--keyring",
        signer.pubring,
        "-d",
        client.dir("out"),
      ]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/sha256 sum does not match/);
    } finally {
      client.cleanup();
      await tampered.close();
    }
  });
});
