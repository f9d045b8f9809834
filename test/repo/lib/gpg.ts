// Throwaway OpenPGP signing keys for provenance tests: generated in batch mode (RSA, no passphrase)
// in a private GNUPGHOME, exported as the binary keyrings Helm reads. GnuPG 2 keeps keys in
// pubring.kbx / private-keys-v1.d, which Helm cannot read, hence the `--export` / `--export-secret-keys`
// ("legacy format") files. Helm's OpenPGP library does not take ed25519 keys, so RSA it is.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface SigningKey {
  /** The uid to pass to `helm package --key` (a substring of the key's uid). */
  name: string;
  /** Secret keyring for `helm package --sign --keyring`. */
  secring: string;
  /** Public keyring for `helm verify --keyring` / `--verify --keyring`. */
  pubring: string;
  /** The GnuPG 2 keybox, which Helm cannot read (for the test that documents it). */
  keybox: string;
  /** Stops the gpg-agent that key generation started in this GNUPGHOME. */
  dispose(): void;
}

export function gpgAvailable(): boolean {
  return spawnSync("gpg", ["--version"]).status === 0;
}

/** Creates a key named `name` in `dir`/gnupg and exports its keyrings into `dir`. */
export function makeSigningKey(dir: string, name: string): SigningKey {
  if (!gpgAvailable())
    throw new Error("gpg is not installed: apt-get install gnupg (provenance tests sign with a throwaway key)");
  const home = path.join(dir, "gnupg");
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const env = { ...process.env, GNUPGHOME: home };
  const spec = path.join(dir, "key-spec");
  const email = `${name.replace(/\W+/g, "-")}@flink-helm.test`;
  writeFileSync(
    spec,
    [
      "%no-protection",
      "Key-Type: RSA",
      "Key-Length: 2048",
      "Key-Usage: sign",
      `Name-Real: ${name}`,
      `Name-Email: ${email}`,
      "Expire-Date: 0",
      "%commit",
      "",
    ].join("\n"),
  );
  execFileSync("gpg", ["--batch", "--quiet", "--gen-key", spec], { env, stdio: ["ignore", "ignore", "pipe"] });
  const secring = path.join(dir, "secring.gpg");
  const pubring = path.join(dir, "pubring.gpg");
  writeFileSync(secring, execFileSync("gpg", ["--batch", "--export-secret-keys", email], { env }));
  writeFileSync(pubring, execFileSync("gpg", ["--batch", "--export", email], { env }));
  return {
    name,
    secring,
    pubring,
    keybox: path.join(home, "pubring.kbx"),
    dispose: () => void spawnSync("gpgconf", ["--kill", "gpg-agent"], { env }),
  };
}
