// A helm client (Helm 3 or 4) whose whole state lives in a temporary directory: config, cache, data,
// repositories.yaml, registry credentials and kubeconfig. Tests never read or write the user's helm
// setup, and nothing reaches a cluster: the kubeconfig points at 127.0.0.1:1, where nothing listens.
// Commands run through harness/helm.ts, asynchronously (so an HTTP server in the same process keeps
// answering), and never throw on a non-zero exit: tests assert on the result.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { helm, helmBinary, type HelmMajor, type RunResult } from "../../../harness/helm.ts";

const unreachableKubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: none, user: {}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
`;

export class HelmClient {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly major: HelmMajor) {
    helmBinary(major); // obtained before the first test times out waiting for it
    this.home = mkdtempSync(path.join(os.tmpdir(), `flink-helm-client${major}-`));
    const dir = (name: string) => {
      const p = path.join(this.home, name);
      mkdirSync(p, { recursive: true });
      return p;
    };
    this.env = {
      PATH: process.env.PATH,
      HOME: dir("home"),
      HELM_CONFIG_HOME: dir("config"),
      HELM_CACHE_HOME: dir("cache"),
      HELM_DATA_HOME: dir("data"),
      HELM_REPOSITORY_CONFIG: path.join(this.home, "config", "repositories.yaml"),
      HELM_REPOSITORY_CACHE: dir("cache/repository"),
      HELM_REGISTRY_CONFIG: path.join(this.home, "config", "registry", "config.json"),
      KUBECONFIG: path.join(this.home, "kubeconfig"),
    };
    writeFileSync(this.env.KUBECONFIG!, unreachableKubeconfig);
  }

  /** A directory inside the client's home (created). */
  dir(name: string): string {
    const p = path.join(this.home, "work", name);
    mkdirSync(p, { recursive: true });
    return p;
  }

  /** Runs `helm args...` in the client's home; resolves with the exit code and output. */
  helm(args: readonly string[]): Promise<RunResult> {
    return helm(args, { major: this.major, env: this.env, cwd: this.home, timeoutMs: 180_000 });
  }

  cleanup(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

/** `kind` of every document in a multi-document YAML stream, in order. */
export function kinds(manifest: string): string[] {
  return [...manifest.matchAll(/^kind: (\S+)$/gm)].map((m) => m[1]!);
}
