// machine: what the figures were measured on.
import os from "node:os";
import { probe } from "../../harness/exec.ts";
import { ensureTool } from "../../harness/tools.ts";
import { versions } from "../../harness/versions.ts";

export interface Machine {
  cores: number;
  cpu: string;
  memory_gib: number;
  kernel: string;
  date: string;
  versions: Record<string, string>;
}

export function machine(): Machine {
  const first = (cmd: string, args: string[]) => probe(cmd, args).stdout.trim().split("\n")[0] ?? "";
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "?",
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
    date: new Date().toISOString(),
    versions: {
      flink: versions.FLINK_VERSION,
      java: versions.JAVA_VERSION,
      kubernetes: versions.KUBERNETES_VERSION,
      kind: versions.KIND_VERSION,
      helm: versions.HELM4_VERSION,
      node: process.version,
      docker: first("docker", ["version", "-f", "{{.Server.Version}}"]),
      kubectl: first(ensureTool("kubectl"), ["version", "--client", "-o", "yaml"]).includes("gitVersion")
        ? versions.KUBECTL_VERSION
        : versions.KUBECTL_VERSION,
    },
  };
}
