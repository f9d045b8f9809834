// A real OCI registry for tests: the CNCF distribution registry (pinned, built from the Go module
// proxy) as a child process on 127.0.0.1, plain HTTP, storage in a temporary directory.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureTool } from "../../../harness/tools.ts";

export interface OciRegistry {
  /** host:port, e.g. 127.0.0.1:41234 (use it in oci://<host>/<repository>). */
  host: string;
  /** GET a registry API path (e.g. /v2/charts/flink/manifests/0.2.0) and parse the JSON answer. */
  getJson(apiPath: string, accept?: string): Promise<unknown>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
}

export async function startRegistry(): Promise<OciRegistry> {
  const bin = ensureTool("registry");
  const dir = mkdtempSync(path.join(os.tmpdir(), "flink-helm-registry-"));
  const host = `127.0.0.1:${await freePort()}`;
  const config = path.join(dir, "config.yml");
  writeFileSync(
    config,
    [
      "version: 0.1",
      "log:",
      "  level: warn",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${path.join(dir, "data")}`,
      "http:",
      `  addr: ${host}`,
      "",
    ].join("\n"),
  );
  const child = spawn(bin, ["serve", config], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited(child);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Wait (bounded: 300 tries, 100 ms apart) until the API answers; fail fast if the process died.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`registry exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`http://${host}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i >= 300) {
      await stop();
      throw new Error(`registry on ${host} did not answer /v2/:\n${output}`);
    }
    await sleep(100);
  }
  return {
    host,
    stop,
    getJson: async (apiPath, accept = "application/vnd.oci.image.manifest.v1+json") => {
      const r = await fetch(`http://${host}${apiPath}`, { headers: { accept } });
      if (!r.ok) throw new Error(`GET ${apiPath}: HTTP ${r.status}`);
      return r.json() as Promise<unknown>;
    },
  };
}
