// A classic HTTP chart repository for tests: serves one directory read-only on 127.0.0.1 (a free
// port) and records the paths requested, so a test can tell that helm fetched e.g. the .prov file.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Request paths in arrival order. */
  requests: string[];
  close(): Promise<void>;
}

const types: Record<string, string> = {
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".tgz": "application/gzip",
};

export async function serveDirectory(dir: string): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    requests.push(urlPath);
    const file = path.join(dir, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ""));
    if (req.method !== "GET" || !file.startsWith(dir + path.sep)) {
      res.writeHead(req.method === "GET" ? 404 : 405).end();
      return;
    }
    readFile(file).then(
      (body) =>
        res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
