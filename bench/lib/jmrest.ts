// REST access that survives a JobManager failover without waiting for Service endpoints to update:
// every request goes to each live JobManager pod through its own 127.0.0.1 port forward, and the
// first answer wins. (A standby JobManager's REST endpoint forwards to the leader, so any live one
// answers once a leader exists.)
import { FlinkRest } from "../../harness/flink-rest.ts";
import { forwardPod, type Forward } from "../../harness/portforward.ts";
import type { Release } from "../../harness/release.ts";

export class JobManagerRest {
  private readonly forwards = new Map<string, Forward>();

  constructor(
    private readonly r: Release,
    private readonly timeoutMs = 2_000,
  ) {}

  /** Live JobManager pods: running container, not being deleted. */
  private async livePods(): Promise<string[]> {
    const pods = await this.r.jobManagerPods();
    return pods
      .filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase === "Running")
      .filter((p) => p.status?.containerStatuses?.find((c) => c.name === "jobmanager")?.state?.running)
      .map((p) => p.metadata!.name!);
  }

  private async client(pod: string): Promise<FlinkRest> {
    let f = this.forwards.get(pod);
    if (!f) {
      f = await forwardPod(this.r.kc, this.r.namespace, pod, 8081);
      this.forwards.set(pod, f);
    }
    return new FlinkRest(f.url, this.timeoutMs);
  }

  /** Runs `fn` against every live JobManager at once; resolves with the first success. */
  async query<T>(fn: (rest: FlinkRest) => Promise<T>): Promise<T> {
    const pods = await this.livePods();
    if (pods.length === 0) throw new Error("no live JobManager pod");
    for (const gone of [...this.forwards.keys()].filter((p) => !pods.includes(p))) {
      await this.forwards.get(gone)?.close();
      this.forwards.delete(gone);
    }
    try {
      return await Promise.any(pods.map(async (p) => fn(await this.client(p))));
    } catch (e) {
      const errors = (e as AggregateError).errors ?? [e];
      throw new Error(errors.map((x: Error) => x.message.split("\n")[0]).join("; "));
    }
  }

  async close(): Promise<void> {
    for (const f of this.forwards.values()) await f.close();
    this.forwards.clear();
  }
}
