// A typed client for the Flink REST API (what the web UI and `flink run -m` use).
import { readFileSync } from "node:fs";
import path from "node:path";

export interface Overview {
  taskmanagers: number;
  "slots-total": number;
  "slots-available": number;
  "jobs-running": number;
  "flink-version": string;
}

export interface JobSummary {
  jid: string;
  name: string;
  state: string;
}

export interface JobDetails extends JobSummary {
  /** Milliseconds since the epoch at which the job entered each state. */
  timestamps?: Record<string, number>;
  vertices: { id: string; name: string; parallelism: number; status: string }[];
}

export interface CheckpointStats {
  counts: { restored: number; total: number; in_progress: number; completed: number; failed: number };
  latest: {
    completed: { id: number; latest_ack_timestamp: number; external_path?: string } | null;
    restored: { id: number; restore_timestamp: number; is_savepoint: boolean; external_path?: string } | null;
  };
}

export interface AggregatedMetric {
  id: string;
  min?: number;
  max?: number;
  avg?: number;
  sum?: number;
}

export class FlinkRestError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    url: string,
  ) {
    super(`Flink REST ${url}: HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

export class FlinkRest {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  private async request<T>(
    method: string,
    p: string,
    body?: string | FormData,
    headers?: Record<string, string>,
  ): Promise<T> {
    const url = `${this.baseUrl}${p}`;
    const res = await fetch(url, { method, body, headers, signal: AbortSignal.timeout(this.timeoutMs) });
    const text = await res.text();
    if (!res.ok) throw new FlinkRestError(res.status, text, url);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** POST with a JSON body (savepoints, stop, disposal, ...). */
  post<T = unknown>(p: string, body: unknown): Promise<T> {
    return this.request<T>("POST", p, JSON.stringify(body), { "Content-Type": "application/json" });
  }

  get<T>(p: string): Promise<T> {
    return this.request<T>("GET", p);
  }

  overview(): Promise<Overview> {
    return this.get("/overview");
  }

  async taskManagers(): Promise<{ id: string; slotsNumber: number; freeSlots: number }[]> {
    return (await this.get<{ taskmanagers: { id: string; slotsNumber: number; freeSlots: number }[] }>("/taskmanagers"))
      .taskmanagers;
  }

  async jobs(): Promise<JobSummary[]> {
    return (await this.get<{ jobs: JobSummary[] }>("/jobs/overview")).jobs;
  }

  job(jid: string): Promise<JobDetails> {
    return this.get(`/jobs/${jid}`);
  }

  checkpoints(jid: string): Promise<CheckpointStats> {
    return this.get(`/jobs/${jid}/checkpoints`);
  }

  /** The configuration a job was submitted with (the JobManager's, plus the job's own settings). */
  async jobConfig(jid: string): Promise<Record<string, string>> {
    const list = await this.get<{ key: string; value: string }[]>(`/jobs/${jid}/jobmanager/config`);
    return Object.fromEntries(list.map((e) => [e.key, e.value]));
  }

  /** The job's checkpointing configuration (interval and timeout in ms). */
  checkpointConfig(jid: string): Promise<{ interval: number; timeout: number; mode: string }> {
    return this.get(`/jobs/${jid}/checkpoints/config`);
  }

  /** Uploads a jar (as `flink run` does before running it) and returns its jar id. */
  async uploadJar(file: string): Promise<string> {
    const form = new FormData();
    form.append("jarfile", new Blob([readFileSync(file)], { type: "application/java-archive" }), path.basename(file));
    const res = await this.request<{ filename: string; status: string }>("POST", "/jars/upload", form);
    return path.basename(res.filename);
  }

  async runJar(
    jarId: string,
    opts: { entryClass?: string; args?: string[]; parallelism?: number; jobId?: string },
  ): Promise<string> {
    const body = JSON.stringify({
      entryClass: opts.entryClass,
      programArgsList: opts.args ?? [],
      parallelism: opts.parallelism,
      jobId: opts.jobId,
    });
    const res = await this.request<{ jobid: string }>("POST", `/jars/${jarId}/run`, body, {
      "Content-Type": "application/json",
    });
    return res.jobid;
  }

  async cancel(jid: string): Promise<void> {
    await this.request("PATCH", `/jobs/${jid}?mode=cancel`);
  }

  /** Metrics of all subtasks of a vertex, aggregated (sum/min/max) across subtasks. */
  async vertexMetrics(jid: string, vertexId: string, names: string[]): Promise<Map<string, AggregatedMetric>> {
    const list = await this.get<AggregatedMetric[]>(
      `/jobs/${jid}/vertices/${vertexId}/subtasks/metrics?get=${names.map(encodeURIComponent).join(",")}&agg=min,max,sum`,
    );
    return new Map(list.map((m) => [m.id, m]));
  }

  /** Names of the metrics a vertex's subtasks expose (to find operator-scoped user metrics). */
  async vertexMetricNames(jid: string, vertexId: string): Promise<string[]> {
    return (await this.get<{ id: string }[]>(`/jobs/${jid}/vertices/${vertexId}/subtasks/metrics`)).map((m) => m.id);
  }

  async exceptions(jid: string): Promise<unknown> {
    return this.get(`/jobs/${jid}/exceptions`);
  }
}
