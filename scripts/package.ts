// npm run package [-- --dest DIR] [--url URL]: packages charts/flink into a classic HTTP chart
// repository directory (default dist/charts): the versioned .tgz, its .tgz.prov when a signing key is
// given, index.yaml (merged with the one already there) and artifacthub-repo.yml.
//   FLINK_HELM_SIGN_KEY      uid substring of the signing key (name or email; not a fingerprint)
//   FLINK_HELM_SIGN_KEYRING  secret keyring in the legacy format (default ~/.gnupg/secring.gpg);
//                            export one with `gpg --export-secret-keys > secring.gpg`
//   FLINK_HELM_SIGN_PASSPHRASE_FILE  file with the key's passphrase, when it has one
//   FLINK_HELM_REPO_URL      base URL written into index.yaml; without it the chart URLs are relative
//                            to index.yaml, so the directory can be served from any address
//   HELM_MAJOR=3             package with Helm 3 instead of Helm 4
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import yaml from "js-yaml";
import { chartDir, helm } from "../harness/helm.ts";
import { repoRoot } from "../harness/versions.ts";

const { values } = parseArgs({ options: { dest: { type: "string" }, url: { type: "string" } } });
const dest = path.resolve(values.dest ?? path.join(repoRoot, "dist", "charts"));
const url = values.url ?? process.env.FLINK_HELM_REPO_URL;
/** Runs helm (HELM_MAJOR picks the major); fails with helm's message. */
async function mustHelm(args: string[]): Promise<void> {
  const r = await helm(args, { cwd: process.cwd() });
  if (r.code !== 0) throw new Error(`helm ${args[0]} failed: ${r.stderr.trim() || r.stdout.trim()}`);
}

const chart = yaml.load(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as { name: string; version: string };
const tgz = path.join(dest, `${chart.name}-${chart.version}.tgz`);
mkdirSync(dest, { recursive: true });

const packageArgs = ["package", chartDir, "--destination", dest];
const key = process.env.FLINK_HELM_SIGN_KEY;
if (key) {
  const keyring = process.env.FLINK_HELM_SIGN_KEYRING ?? path.join(os.homedir(), ".gnupg", "secring.gpg");
  if (!existsSync(keyring))
    throw new Error(`FLINK_HELM_SIGN_KEYRING ${keyring} does not exist (gpg --export-secret-keys > secring.gpg)`);
  packageArgs.push("--sign", "--key", key, "--keyring", keyring);
  const passphrase = process.env.FLINK_HELM_SIGN_PASSPHRASE_FILE;
  if (passphrase) packageArgs.push("--passphrase-file", passphrase);
}
await mustHelm(packageArgs);
console.log(
  `packaged ${path.relative(process.cwd(), tgz) || tgz}${key ? ` and signed it with "${key}" (${path.basename(tgz)}.prov)` : " (unsigned: set FLINK_HELM_SIGN_KEY to sign)"}`,
);

const index = path.join(dest, "index.yaml");
const indexArgs = ["repo", "index", dest, ...(url ? ["--url", url] : [])];
const merged = existsSync(index);
if (merged) indexArgs.push("--merge", index);
await mustHelm(indexArgs);
const entries = (yaml.load(readFileSync(index, "utf8")) as { entries?: Record<string, unknown[]> }).entries ?? {};
const count = Object.values(entries).reduce((n, list) => n + list.length, 0);
console.log(
  `${merged ? "merged" : "wrote"} ${index}: ${count} chart version(s), URLs ${url ? `under ${url}` : "relative to index.yaml"}`,
);

copyFileSync(path.join(repoRoot, "charts", "artifacthub-repo.yml"), path.join(dest, "artifacthub-repo.yml"));
console.log(`copied charts/artifacthub-repo.yml (Artifact Hub reads it next to index.yaml)`);
console.log(
  `publish: serve ${dest} as is, or push to OCI with \`helm push ${path.basename(tgz)} oci://REGISTRY/charts\``,
);
