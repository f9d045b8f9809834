// Provenance: the chart signed with a throwaway key verifies with the public keyring (helm verify,
// template/install --verify) on Helm 3 and Helm 4, each major accepts the other's signature, and a
// tampered package, a repacked chart, a foreign key or a missing .prov are refused.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir, helmMajors } from "../../harness/helm.ts";
import { makeSigningKey, type SigningKey } from "./lib/gpg.ts";
import { HelmClient, kinds } from "./lib/helm-client.ts";
import { helmPackage, packageFile } from "./lib/package.ts";

let tmp: string;
let signer: SigningKey;
let impostor: SigningKey;
const clients = new Map<number, HelmClient>();
const signed = new Map<number, string>(); // major -> signed .tgz packaged by that major

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "flink-helm-prov-"));
  signer = makeSigningKey(path.join(tmp, "signer"), "flink-helm test signer");
  impostor = makeSigningKey(path.join(tmp, "impostor"), "flink-helm impostor");
  for (const major of helmMajors) {
    const client = new HelmClient(major);
    clients.set(major, client);
    signed.set(major, await helmPackage(client, client.dir("signed"), signer));
  }
});

afterAll(() => {
  for (const c of clients.values()) c.cleanup();
  signer?.dispose();
  impostor?.dispose();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** A copy of the package and its .prov in a fresh directory (same file names, as helm requires). */
function copyPackage(tgz: string, name: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(tgz, path.join(dir, packageFile));
  copyFileSync(`${tgz}.prov`, path.join(dir, `${packageFile}.prov`));
  return path.join(dir, packageFile);
}

describe.each(helmMajors)("Helm %i", (major) => {
  const client = () => clients.get(major)!;
  const verify = (tgz: string, keyring = signer.pubring) => client().helm(["verify", "--keyring", keyring, tgz]);

  it("writes a clearsigned .prov whose files section holds the package's SHA-256", async () => {
    const tgz = signed.get(major)!;
    const prov = readFileSync(`${tgz}.prov`, "utf8");
    expect(prov).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----/);
    expect(prov).toContain("-----BEGIN PGP SIGNATURE-----");
    const { createHash } = await import("node:crypto");
    const sha = createHash("sha256").update(readFileSync(tgz)).digest("hex");
    expect(prov).toContain(`${packageFile}: sha256:${sha}`);
  });

  it("helm verify accepts the package with the signer's public keyring", async () => {
    const r = await verify(signed.get(major)!);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Signed by: flink-helm test signer");
    expect(r.stdout).toContain("Chart Hash Verified: sha256:");
  });

  it("accepts the other Helm major's signature too", async () => {
    const other = signed.get(major === 3 ? 4 : 3)!;
    const r = await verify(copyPackage(other, `cross-${major}`));
    expect(r.code, r.stderr).toBe(0);
  });

  it("template --verify renders the signed package", async () => {
    const t = await client().helm(["template", "rel", signed.get(major)!, "--verify", "--keyring", signer.pubring]);
    expect(t.code, t.stderr).toBe(0);
    expect(kinds(t.stdout)).toContain("Deployment");
  });

  // Helm 4's `install --dry-run=client` works offline; Helm 3's still needs a reachable cluster.
  it(`install --dry-run=client --verify ${major === 4 ? "renders the signed package offline" : "needs a cluster on Helm 3"}`, async () => {
    const i = await client().helm([
      "install",
      "rel",
      signed.get(major)!,
      "--verify",
      "--keyring",
      signer.pubring,
      "--dry-run=client",
    ]);
    if (major === 4) expect(i.code, i.stderr).toBe(0);
    else expect(i.stderr).toMatch(/Kubernetes cluster unreachable/);
  });

  it("refuses a package with one byte changed (verify, template --verify, on Helm 4 install --verify)", async () => {
    const tgz = copyPackage(signed.get(major)!, `byte-${major}`);
    const bytes = readFileSync(tgz);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(tgz, bytes);
    for (const args of [
      ["verify", "--keyring", signer.pubring, tgz],
      ["template", "rel", tgz, "--verify", "--keyring", signer.pubring],
      ...(major === 4 ? [["install", "rel", tgz, "--verify", "--keyring", signer.pubring, "--dry-run=client"]] : []),
    ]) {
      const r = await client().helm(args);
      expect(r.code, args.join(" ")).not.toBe(0);
      expect(r.stderr).toMatch(/sha256 sum does not match/);
    }
  });

  it("refuses the chart repacked with a changed template under the original .prov", async () => {
    const src = path.join(tmp, `repack-src-${major}`, "flink");
    cpSync(chartDir, src, { recursive: true });
    writeFileSync(
      path.join(src, "templates", "zz-injected.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: injected\n",
    );
    const dest = client().dir("repacked");
    const tgz = await helmPackage(client(), dest, undefined, src);
    copyFileSync(`${signed.get(major)!}.prov`, `${tgz}.prov`);
    const r = await verify(tgz);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/sha256 sum does not match/);
  });

  it("refuses a package signed by a key that is not in the keyring", async () => {
    const tgz = await helmPackage(client(), client().dir("impostor"), impostor);
    const r = await verify(tgz);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown entity/);
  });

  it("refuses a package without its .prov", async () => {
    const dir = client().dir("no-prov");
    copyFileSync(signed.get(major)!, path.join(dir, packageFile));
    const r = await verify(path.join(dir, packageFile));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/could not load provenance file/);
  });

  it("cannot read GnuPG 2's keybox: the keyring must be exported (gpg --export / --export-secret-keys)", async () => {
    const r = await verify(signed.get(major)!, signer.keybox);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/failed to load keyring/);
  });
});
