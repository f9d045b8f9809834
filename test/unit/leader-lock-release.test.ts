// The leader-lock release script of HA JobManagers (files/leader-lock-release.sh, as rendered into the
// jobmanager-scripts ConfigMap), run with sh against a fake Kubernetes API: it releases the lock of a
// JVM of its container only when that JVM has provably exited (a later JVM logged its own identity, or
// nothing listens on the RPC port any more), never a live, paused or foreign holder's, and only with
// the resourceVersion it read.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { render } from "../lib/render.ts";

const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "bbbbbbbb-0000-4000-8000-000000000002";
const STANDBY = "cccccccc-0000-4000-8000-000000000003";
const LOCK = "rel-flink-cluster-config-map";
const DEPLOYMENT = "rel-flink-jobmanager";
const PLAN = "executionPlan-0123456789abcdef0123456789abcdef";

/** The lock ConfigMap as Flink's elector writes it, and every write the script made. */
interface ApiState {
  holder: string;
  /** The job spec annotation of the JobManager Deployment's pod template. */
  desiredSpec: string;
  /** The executionPlan-* keys of the lock ConfigMap (Flink's stored job graph). */
  plans: string[];
  resourceVersion: number;
  /** Answer the next PATCH with 409 and let `STANDBY` take the lock, as a racing standby would. */
  conflictOnce: boolean;
  patches: { body: string; status: number }[];
  /** How many more pod lists show another pod of the ReplicaSet with a running jobmanager container. */
  peerLists: number;
  /** Every request, in order: method, path and query. */
  requests: string[];
}

/** A pod list as the API answers `GET pods?labelSelector=pod-template-hash=…`: compact JSON. */
function podList(running: boolean): string {
  const status = (state: object) => ({ containerStatuses: [{ name: "jobmanager", state, ready: true }] });
  const item = (name: string, state: object) => ({ metadata: { name }, status: status(state) });
  const items = [item("rel-flink-jobmanager-abc-2", running ? { running: {} } : { terminated: { exitCode: 143 } })];
  return JSON.stringify({ kind: "PodList", items });
}

function leaderRecord(holder: string): string {
  return JSON.stringify({
    holderIdentity: holder,
    leaseDuration: 15,
    acquireTime: "2026-12-02T10:00:00.000000Z",
    renewTime: "2026-12-02T10:00:05.000000Z",
    leaderTransitions: 3,
  });
}

function configMap(s: ApiState): string {
  return JSON.stringify({
    kind: "ConfigMap",
    apiVersion: "v1",
    metadata: {
      name: LOCK,
      resourceVersion: String(s.resourceVersion),
      annotations: { "control-plane.alpha.kubernetes.io/leader": leaderRecord(s.holder) },
    },
    data: { "checkpointID-counter": "7", ...Object.fromEntries(s.plans.map((k) => [k, "rO0ABXNyAD..."])) },
  });
}

describe("leader-lock release script (crash watch and pod deletion)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lock-release-"));
  const logDir = join(dir, "log");
  const procNet = join(dir, "net");
  const saDir = join(dir, "sa");
  const script = join(dir, "leader-lock-release.sh");
  let server: Server;
  let port = 0;
  const api: ApiState = {
    holder: A,
    desiredSpec: "",
    plans: [],
    resourceVersion: 100,
    conflictOnce: false,
    patches: [],
    peerLists: 0,
    requests: [],
  };

  beforeAll(async () => {
    for (const d of [logDir, procNet, saDir]) mkdirSync(d);
    execFileSync("openssl", [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"],
      ...["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(saDir, "ca.crt")],
    ]);
    writeFileSync(join(saDir, "token"), "test-token");
    writeFileSync(join(saDir, "namespace"), "streaming");
    const scripts = render({ values: { highAvailability: { enabled: true, storageDir: "s3://b/ha" } } }).get(
      "ConfigMap",
      "rel-flink-jobmanager-scripts",
    );
    writeFileSync(script, scripts.data!["leader-lock-release.sh"]!);
    server = createServer(
      { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(saDir, "ca.crt")) },
      (req, res) => {
        let body = "";
        req.on("data", (c: Buffer) => (body += c.toString()));
        req.on("end", () => {
          const path = (req.url ?? "").split("?")[0];
          const ok = req.headers.authorization === "Bearer test-token";
          api.requests.push(`${req.method} ${decodeURIComponent(req.url ?? "")}`);
          if (ok && req.method === "GET" && path === "/api/v1/namespaces/streaming/pods") {
            res.writeHead(200).end(podList(api.peerLists > 0));
            api.peerLists = Math.max(0, api.peerLists - 1);
          } else if (
            ok &&
            req.method === "GET" &&
            path === `/apis/apps/v1/namespaces/streaming/deployments/${DEPLOYMENT}`
          ) {
            const annotations = { "flink-helm.dev/job-spec": api.desiredSpec };
            res.writeHead(200).end(JSON.stringify({ spec: { template: { metadata: { annotations } } } }));
          } else if (!ok || path !== `/api/v1/namespaces/streaming/configmaps/${LOCK}`) {
            res.writeHead(ok ? 404 : 401).end("{}");
          } else if (req.method === "GET") {
            res.writeHead(200, { "Content-Type": "application/json" }).end(configMap(api));
          } else if (req.method === "PATCH") {
            const patch = JSON.parse(body) as {
              metadata?: { resourceVersion: string; annotations: Record<string, string> };
              data?: Record<string, string | null>;
            };
            let status = 200;
            for (const [k, v] of Object.entries(patch.data ?? {}))
              if (v === null) api.plans = api.plans.filter((p) => p !== k);
            if (!patch.metadata) {
              // a data-only merge patch (the preStop hook's)
            } else if (api.conflictOnce) {
              api.conflictOnce = false;
              api.holder = STANDBY;
              api.resourceVersion++;
              status = 409;
            } else if (patch.metadata.resourceVersion !== String(api.resourceVersion)) {
              status = 409;
            } else {
              const record = JSON.parse(patch.metadata.annotations["control-plane.alpha.kubernetes.io/leader"]!) as {
                holderIdentity: string;
              };
              api.holder = record.holderIdentity;
              api.resourceVersion++;
            }
            api.patches.push({ body, status });
            res.writeHead(status, { "Content-Type": "application/json" }).end(status === 200 ? configMap(api) : "{}");
          } else {
            res.writeHead(405).end("{}");
          }
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir);
    api.holder = A;
    api.desiredSpec = "spec-1";
    api.plans = [PLAN];
    api.resourceVersion = 100;
    api.conflictOnce = false;
    api.patches = [];
    api.peerLists = 0;
    api.requests = [];
  });

  /** Log files of the container's JVMs, oldest first: one identity list per JVM. */
  function jvms(...identities: string[][]): void {
    const base = Date.now() / 1000 - 100;
    identities.forEach((ids, i) => {
      const file = join(
        logDir,
        i === identities.length - 1 ? "flink--standalonesession-0-jm.log" : `flink.log.${i + 1}`,
      );
      const lines = ids.map(
        (id) =>
          `2026-12-02 10:00:0${i},000 INFO  org.apache.flink.kubernetes.kubeclient.resources.KubernetesLeaderElector [] - Create KubernetesLeaderElector on lock ConfigMapLock: streaming - ${LOCK} (${id}).`,
      );
      writeFileSync(
        file,
        ["Starting StandaloneApplicationClusterEntryPoint", ...lines, "more lines"].join("\n") + "\n",
      );
      execFileSync("touch", ["-d", `@${base + i * 10}`, file]);
    });
  }

  /** The pod's socket tables: the JobManager's RPC port 6123 listening (IPv6, as Java binds), or not. */
  function rpcPort(listening: boolean): void {
    const header = "  sl  local_address                         remote_address                        st\n";
    const other = "   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 0\n";
    const rpc = "   1: 00000000000000000000000000000000:17EB 00000000000000000000000000000000:0000 0A 0\n";
    const established = "   2: 0100007F:17EB 0100007F:9C40 01 0\n";
    writeFileSync(join(procNet, "tcp6"), header + other + (listening ? rpc : ""));
    writeFileSync(join(procNet, "tcp"), "  sl  local_address rem_address   st\n" + established);
  }

  /** The sidecar's environment, pointed at the fake API, log directory and socket tables. */
  function env(extra: Record<string, string>): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      TMPDIR: dir,
      SA_DIR: saDir,
      KUBERNETES_SERVICE_HOST: "127.0.0.1",
      KUBERNETES_SERVICE_PORT: String(port),
      LOCK_CONFIGMAP: LOCK,
      LOG_DIR: logDir,
      PROC_NET: procNet,
      ...extra,
    };
  }

  function run(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const p = spawn("sh", [script, ...args], { env: env({ JM_RPC_PORT: "6123", CRASH_WATCH: "true" }) });
      let out = "";
      p.stdout.on("data", (c: Buffer) => (out += c.toString()));
      p.stderr.on("data", (c: Buffer) => (out += c.toString()));
      p.on("error", reject);
      p.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
    });
  }

  it("leaves the lock of its live JVM alone (RPC port listening, no later JVM)", async () => {
    jvms([A]);
    rpcPort(true);
    await run("check");
    expect(api.patches).toEqual([]);
    expect(api.holder).toBe(A);
  });

  it("releases the lock of its JVM once nothing listens on the RPC port, keeping every other field", async () => {
    jvms([A]);
    rpcPort(false);
    const out = await run("check");
    expect(out).toContain(`released ${LOCK} held by this JobManager's exited JVM (${A})`);
    expect(api.patches).toHaveLength(1);
    expect(api.holder).toBe("");
    const patch = JSON.parse(api.patches[0]!.body) as {
      metadata: { resourceVersion: string; annotations: Record<string, string> };
    };
    expect(patch.metadata.resourceVersion).toBe("100");
    const record = JSON.parse(patch.metadata.annotations["control-plane.alpha.kubernetes.io/leader"]!) as object;
    expect(record).toEqual({ ...JSON.parse(leaderRecord(A)), holderIdentity: "" });
  });

  it("releases the lock of an earlier JVM when a restarted JVM already listens (the crash watch came late)", async () => {
    jvms([A], [B]);
    rpcPort(true);
    await run("check");
    expect(api.holder).toBe("");
    expect(api.patches).toHaveLength(1);
  });

  it("never releases the newest JVM's lock while its port listens, even if it logged its identity twice", async () => {
    api.holder = B;
    jvms([A], [B, B]);
    rpcPort(true);
    await run("check");
    expect(api.patches).toEqual([]);
    expect(api.holder).toBe(B);
  });

  it("leaves a lock held by another JobManager (the standby leads) alone", async () => {
    api.holder = STANDBY;
    jvms([A]);
    rpcPort(false);
    const out = await run("check");
    expect(out).toContain("is not held by a JVM of this JobManager");
    expect(api.patches).toEqual([]);
  });

  it("re-reads after a conflicting write and does not release a lock a standby took meanwhile", async () => {
    api.conflictOnce = true;
    jvms([A]);
    rpcPort(false);
    await run("check");
    expect(api.patches.map((p) => p.status)).toEqual([409]);
    expect(api.holder).toBe(STANDBY);
  });

  it("does nothing before its first JVM logged an identity", async () => {
    jvms([]);
    rpcPort(false);
    await run("check");
    expect(api.patches).toEqual([]);
  });

  it("preStop of a pod whose job spec the Deployment replaced removes the execution plan, and only then", async () => {
    const withSpec = { JM_DEPLOYMENT: DEPLOYMENT, PRESTOP_LOG: join(dir, "prestop.log") };
    const runPrestop = (spec: string) =>
      new Promise<string>((resolve, reject) => {
        const p = spawn("sh", [script, "prestop"], { env: env({ ...withSpec, JOB_SPEC: spec }) });
        p.on("exit", (code) =>
          code === 0 ? resolve(readFileSync(withSpec.PRESTOP_LOG, "utf8")) : reject(new Error(`exit ${code}`)),
        );
      });
    writeFileSync(withSpec.PRESTOP_LOG, "");
    expect(await runPrestop("spec-1")).toContain("not replaced by another job spec: the execution plan stays");
    expect(api.plans).toEqual([PLAN]);
    api.desiredSpec = "spec-2";
    expect(await runPrestop("spec-1")).toContain(`replaced by job spec spec-2: removed the execution plan(s)`);
    expect(api.plans).toEqual([]);
    expect(api.holder, "the lock itself stays with the running leader").toBe(A);
  });

  describe("preStop of a superseded leader", () => {
    const log = join(dir, "prestop-leader.log");
    const runPrestop = (extra: Record<string, string> = {}) =>
      new Promise<string>((resolve, reject) => {
        writeFileSync(log, "");
        const e = { JM_DEPLOYMENT: DEPLOYMENT, JOB_SPEC: "spec-1", PRESTOP_LOG: log, POD_TEMPLATE_HASH: "abc" };
        const p = spawn("sh", [script, "prestop"], {
          env: env({ ...e, POD_NAME: "rel-flink-jobmanager-abc-1", ...extra }),
        });
        p.on("exit", (code) => (code === 0 ? resolve(readFileSync(log, "utf8")) : reject(new Error(`exit ${code}`))));
      });
    const podLists = () => api.requests.filter((r) => r.startsWith("GET /api/v1/namespaces/streaming/pods?"));

    beforeEach(() => {
      api.desiredSpec = "spec-2";
      jvms([A]);
    });

    it("waits until the other JobManagers of its ReplicaSet stopped, then removes the plan", async () => {
      api.peerLists = 3;
      const out = await runPrestop();
      expect(out).toContain(
        "this JobManager leads: waiting until the other JobManagers of job spec spec-1 have stopped",
      );
      expect(out).toContain("the other JobManagers of job spec spec-1 have stopped");
      expect(podLists()).toHaveLength(4);
      expect(podLists()[0]).toContain(
        "labelSelector=pod-template-hash=abc&fieldSelector=metadata.name!=rel-flink-jobmanager-abc-1",
      );
      const lastList = api.requests.lastIndexOf(podLists().at(-1)!);
      const removal = api.requests.findIndex((r) =>
        r.startsWith(`PATCH /api/v1/namespaces/streaming/configmaps/${LOCK}`),
      );
      expect(removal, "the plan leaves only after the last pod list showed no running peer").toBeGreaterThan(lastList);
      expect(api.plans).toEqual([]);
      expect(api.holder, "the lock stays with the leader until its JVM stops").toBe(A);
    });

    it("stops waiting after PEER_WAIT seconds and still removes the plan", async () => {
      api.peerLists = 1000;
      const out = await runPrestop({ PEER_WAIT: "1" });
      expect(out).toContain("still run after 1 s: stopping anyway");
      expect(api.plans).toEqual([]);
    });

    it("a standby does not wait: it removes the plan right away", async () => {
      api.holder = STANDBY;
      api.peerLists = 1000;
      const out = await runPrestop();
      expect(podLists()).toEqual([]);
      expect(out).toContain("replaced by job spec spec-2: removed the execution plan(s)");
      expect(api.plans).toEqual([]);
    });
  });

  it("on SIGTERM (pod deletion, every JVM exited) releases a lock any of its JVMs held", async () => {
    jvms([A]);
    rpcPort(true);
    const p = spawn("sh", [script], { env: env({}) });
    let out = "";
    p.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => p.on("exit", resolve));
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (out.includes("waiting for the jobmanager container to exit")) {
          clearInterval(t);
          resolve();
        }
      }, 20);
    });
    p.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(api.holder).toBe("");
  });
});
