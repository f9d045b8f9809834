// tm_recovery_s, restore_s and restored_bytes: the StatefulSet TaskManager that holds all of the test
// job's >= 1 GiB of RocksDB keyed state is deleted, with local recovery on ("local") or off
// ("remote"); the pod comes back with the same name and volume. Per trial, from a steady state (the
// state filled, two checkpoints after the fill and after the last restore):
//   tm_recovery_s: pod deleted -> every task RUNNING again, restored from the latest checkpoint
//                  (Flink's own RUNNING timestamps of the subtasks);
//   restore_s:     the restore itself as Flink measures it: maxInitializeStateDurationMs of the
//                  JobInitialization span (state backend initialization incl. any download);
//   restored_bytes: sumRestoredStateSizeBytes.LOCAL_DISK / .REMOTE of that span.
// The span is logged by test/trace-reporter's reporter (bench/values/tm-recovery.yaml enables it).
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { info, step, waitFor } from "../../harness/log.ts";
import { deletePod } from "../../harness/faults.ts";
import { deployS3, S3_BUCKET, S3_SECRET } from "../../harness/s3.ts";
import { verdict } from "../../harness/testjob.ts";
import { secondsSince, withRelease, type BenchContext } from "../lib/context.ts";
import type { Release } from "../../harness/release.ts";
import type { ComponentFootprint } from "../lib/footprint.ts";
import { jobStatus, waitAllRunningAt } from "../lib/job.ts";
import { numberAttr, parseSpans, type LoggedSpan } from "../lib/spans.ts";
import { Samples } from "../lib/stats.ts";

export const STATE = { keys: 40960, payloadBytes: 32768 };
/** 40960 keys x 32 KiB = 1.25 GiB of keyed state, filled at 2000 keys/s, then 10 events/s. */
export const TM_RECOVERY_JOB_ARGS = [
  "--keys",
  String(STATE.keys),
  "--payload-bytes",
  String(STATE.payloadBytes),
  "--fill-rate",
  "2000",
  "--rate",
  "10",
  "--checkpoint-interval",
  "5000",
];
const RESTORE_LINE = /Starting RocksDB incremental recovery in operator .*State Handles=\[(\w+)/g;

export interface TmRecoveryTrial {
  trial: number;
  recovery_s: number;
  restore_s: number;
  download_s: number;
  restored_local_disk_bytes: number;
  restored_remote_bytes: number;
  checkpoint_full_size_bytes: number;
  handles: string[];
}

/** Checkpoint storage: the shared PVC (a file: URI, which Flink counts as LOCAL_DISK) or S3 (REMOTE). */
export type CheckpointStorage = "pvc" | "s3";

export interface TmRecoveryRun {
  mode: "local" | "remote";
  storage: CheckpointStorage;
  samples: Samples;
  trials: TmRecoveryTrial[];
  footprint: Record<string, ComponentFootprint>;
  fill_s: number;
}

async function pollRest<T>(
  what: string,
  rest: FlinkRest,
  fn: (rest: FlinkRest) => Promise<{ done?: T; status: string }>,
  timeoutMs = 900_000,
  intervalMs = 250,
): Promise<T> {
  return waitFor({ what, timeoutMs, intervalMs }, () => fn(rest));
}

interface CheckpointSummary {
  latest: {
    completed: { id: number; state_size: number; trigger_timestamp: number } | null;
    restored: { id: number; restore_timestamp: number } | null;
  };
}

/** The state filled and two checkpoints completed after the fill (and after the last restore). */
async function steady(rest: FlinkRest): Promise<{ checkpoint: number; fullSize: number; jid: string }> {
  const filledAt = await pollRest(
    "the keyed state filled (every key written)",
    rest,
    async (rest) => {
      const s = await jobStatus(rest);
      if (!s.running) return { status: s.state };
      const v = await verdict(rest, s.jid);
      return {
        done: v.maxSequence >= STATE.keys - 1 ? { jid: s.jid, at: Date.now() } : undefined,
        status: `${v.maxSequence + 1}/${STATE.keys} keys written`,
      };
    },
    900_000,
    1000,
  );
  return pollRest(
    "two checkpoints after the fill",
    rest,
    async (rest) => {
      const cp = await rest.get<CheckpointSummary>(`/jobs/${filledAt.jid}/checkpoints`);
      const c = cp.latest.completed;
      const after = c && c.trigger_timestamp > filledAt.at && c.id >= (cp.latest.restored?.id ?? 0) + 2;
      return {
        done: after ? { checkpoint: c.id, fullSize: c.state_size, jid: filledAt.jid } : undefined,
        status: `latest checkpoint ${c?.id ?? "none"} (${((c?.state_size ?? 0) / 2 ** 30).toFixed(2)} GiB)`,
      };
    },
    300_000,
    1000,
  );
}

async function trial(r: Release, rest: FlinkRest, n: number): Promise<TmRecoveryTrial> {
  const tm = await r.taskManagerPodName(0);
  const before = await steady(rest);
  info(
    `[${r.label}] trial ${n}: deleting ${tm} (checkpoint ${before.checkpoint}, ${(before.fullSize / 2 ** 30).toFixed(2)} GiB)`,
  );
  const t0 = Date.now();
  await deletePod(r, tm);
  const restored = await pollRest(`job RUNNING again, restored from >= ${before.checkpoint}`, rest, async (rest) => {
    const s = await jobStatus(rest);
    const ok = s.running && (s.restoredId ?? -1) >= before.checkpoint && (s.restoreTimestamp ?? 0) >= t0 - 1000;
    return { done: ok ? s : undefined, status: `${s.state}, restored ${s.restoredId ?? "none"}` };
  });
  const recovery = secondsSince(t0, await waitAllRunningAt((fn) => fn(rest), restored.jid, t0));
  const jm = (await r.jobManagerPods())[0]!.metadata!.name!;
  const span = await waitFor(
    { what: "the JobInitialization span of that restore in the JobManager log", timeoutMs: 120_000, intervalMs: 1000 },
    async () => {
      const spans = parseSpans(await r.podLog(jm, "jobmanager", 600), "JobInitialization");
      const s = spans
        .filter((x) => x.attributes.checkpointId === restored.restoredId && x.startTsMillis >= t0 - 1000)
        .pop();
      return { done: s, status: `${spans.length} JobInitialization spans` };
    },
  );
  const handles = await waitFor({ what: `${tm} to log its RocksDB restore`, timeoutMs: 120_000 }, async () => {
    const log = await r.podLog(tm, "taskmanager");
    const types = [...log.matchAll(RESTORE_LINE)].map((m) => m[1]!);
    return { done: types.length ? types : undefined, status: `${types.length} restore lines` };
  });
  const t = toTrial(n, recovery, span, before.fullSize, handles);
  info(
    `[${r.label}] trial ${n}: RUNNING ${t.recovery_s} s; restore ${t.restore_s} s (download ${t.download_s} s); ` +
      `restored ${(t.restored_local_disk_bytes / 2 ** 30).toFixed(2)} GiB local disk, ${(t.restored_remote_bytes / 2 ** 30).toFixed(2)} GiB remote; ${[...new Set(handles)].join(",")}`,
  );
  return t;
}

function toTrial(n: number, recovery: number, span: LoggedSpan, fullSize: number, handles: string[]): TmRecoveryTrial {
  return {
    trial: n,
    recovery_s: recovery,
    restore_s: numberAttr(span, "maxInitializeStateDurationMs") / 1000,
    download_s: numberAttr(span, "maxDownloadStateDurationMs") / 1000,
    restored_local_disk_bytes: numberAttr(span, "sumRestoredStateSizeBytes.LOCAL_DISK"),
    restored_remote_bytes: numberAttr(span, "sumRestoredStateSizeBytes.REMOTE"),
    checkpoint_full_size_bytes: fullSize,
    handles: [...new Set(handles)],
  };
}

export async function measureTmRecovery(
  ctx: BenchContext,
  mode: "local" | "remote",
  trials: number,
  storage: CheckpointStorage = "pvc",
): Promise<TmRecoveryRun> {
  const label = `tm-${mode}${storage === "s3" ? "-s3" : ""}`;
  const samples = new Samples();
  const details: TmRecoveryTrial[] = [];
  return withRelease(ctx, label, async (r, footprint) => {
    const t0 = Date.now();
    const s3 =
      storage === "s3"
        ? {
            storage: {
              pvc: { enabled: false },
              s3: {
                enabled: true,
                plugin: "presto" as const,
                endpoint: await deployS3(r, ctx.s3Image),
                pathStyleAccess: true,
                bucket: S3_BUCKET,
                prefix: "bench",
                existingSecret: S3_SECRET,
              },
            },
            // Single PUTs: gofakes3 answers multipart part uploads with an ETag that is not the part's MD5,
            // which the AWS SDK rejects (RocksDB's SST files exceed presto's 16 MB multipart threshold).
            flinkConfiguration: { "s3.multipart.min-file-size": "5368709120" },
          }
        : {};
    await step(
      `[${label}] helm install (StatefulSet TaskManager, local recovery ${mode === "local" ? "on" : "off"}, checkpoints in ${storage === "s3" ? "S3" : "the shared PVC"})`,
      () =>
        r.install({
          valuesFiles: ["values-examples/statefulset-local-recovery.yaml", "bench/values/tm-recovery.yaml"],
          values: {
            taskManager: { localRecovery: { enabled: mode === "local" } },
            application: { args: TM_RECOVERY_JOB_ARGS },
            ...s3,
          },
          image: "testJob",
        }),
    );
    const rest = await r.rest(5000);
    let fill = 0;
    for (let i = 1; i <= trials; i++) {
      if (i === 1) {
        await steady(rest);
        fill = secondsSince(t0);
        info(`[${label}] install to state filled and checkpointed twice: ${fill} s`);
      }
      const t = await trial(r, rest, i);
      details.push(t);
      samples.add("recovery", t.recovery_s);
      samples.add("restore", t.restore_s);
      samples.add("download", t.download_s);
      samples.add("local_disk_bytes", t.restored_local_disk_bytes);
      samples.add("remote_bytes", t.restored_remote_bytes);
      samples.add("full_size_bytes", t.checkpoint_full_size_bytes);
    }
    return { mode, storage, samples, trials: details, footprint: footprint.result(), fill_s: fill };
  });
}
