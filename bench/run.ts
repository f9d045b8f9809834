// npm run bench [-- --trials N] [--only key,key] [--quick] [--soak-minutes M] [--readme]
// Measures the chart on the kind cluster (see README.md) and writes bench/results/latest.json, a dated
// copy and the generated table in bench/README.md. With --only, the other keys of the previous
// latest.json are kept.
import { parseArgs } from "node:util";
import { info, step } from "../harness/log.ts";
import { prepare, type BenchContext } from "./lib/context.ts";
import { machine } from "./lib/machine.ts";
import { loadLatest, save, writeReadme, type Results } from "./lib/results.ts";
import { summarize, type Figure } from "./lib/stats.ts";
import { measureFailover, type FailoverConfig, type FailoverRun } from "./figures/failover.ts";
import { measureInstallToRunning, measureSessionReady } from "./figures/install.ts";
import { measureLifecycle } from "./figures/lifecycle.ts";
import { measureRender } from "./figures/render.ts";
import { measureSoak } from "./figures/soak.ts";
import { measureTmRecovery, STATE } from "./figures/tm-recovery.ts";

const KEYS = [
  "render_ms",
  "install_to_running_s",
  "session_ready_s",
  "failover",
  "tm_recovery_s",
  "tm_recovery_s3",
  "lifecycle",
  "soak",
] as const;
type Key = (typeof KEYS)[number];

const { values } = parseArgs({
  options: {
    trials: { type: "string" },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    "soak-minutes": { type: "string" },
    readme: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(`npm run bench [-- --trials N] [--only ${KEYS.join(",")}] [--quick] [--soak-minutes M]
  --trials N        trials per figure (default 5; --quick: 2)
  --only k1,k2      measure only these figure families (others are kept from the previous latest.json)
  --quick           2 trials, a 2-minute soak: a smoke run of the whole benchmark
  --soak-minutes M  length of the idle soak (default 10)
  --readme          only regenerate the table in bench/README.md from bench/results/latest.json`);
  process.exit(0);
}
if (values.readme) {
  writeReadme(loadLatest());
  info("regenerated the table in bench/README.md from bench/results/latest.json");
  process.exit(0);
}
const trials = Number(values.trials ?? (values.quick ? 2 : 5));
const soakMinutes = Number(values["soak-minutes"] ?? (values.quick ? 2 : 10));
const only = new Set(
  (values.only
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean) ?? KEYS) as Key[],
);
for (const k of only) if (!KEYS.includes(k)) throw new Error(`--only ${k}: expected one of ${KEYS.join(", ")}`);

const FAILOVER_CONFIGS: FailoverConfig[] = [
  {
    name: "default",
    description: "Flink's leader-election defaults 15 s / 15 s / 5 s, fixed-delay restarts 10 s apart, no lock release",
    valuesFiles: ["values-examples/application-ha.yaml", "bench/values/failover-default.yaml"],
  },
  {
    name: "tuned",
    description:
      "the chart's defaults: 8 s / 6 s / 1 s, exponential-delay restarts from 1 s, leader-lock release sidecar",
    valuesFiles: ["values-examples/application-ha.yaml"],
  },
  {
    name: "tuned_without_release",
    description: "8 s / 6 s / 1 s without the leader-lock release sidecar",
    valuesFiles: ["values-examples/application-ha.yaml", "bench/values/failover-tuned-without-release.yaml"],
  },
];

function ratio(a: Figure | undefined, b: Figure | undefined): number | undefined {
  return a && b && b.p50 > 0 ? Number((a.p50 / b.p50).toFixed(3)) : undefined;
}

async function main(): Promise<void> {
  const started = Date.now();
  const res: Results = loadLatest();
  // With --only, the other families stay from earlier runs: keep those runs' descriptions.
  const partial = KEYS.some((k) => !only.has(k));
  if (res.run)
    res.earlier_runs = partial
      ? [{ ...res.run, date: res.machine?.date }, ...(res.earlier_runs ?? [])].slice(0, 5)
      : [];
  /** Writes what is measured so far, so an interrupted run keeps its finished figure families. */
  const checkpoint = () => {
    res.machine = machine();
    res.run = {
      trials,
      quick: values.quick,
      only: [...only],
      runtime_min: Number(((Date.now() - started) / 60_000).toFixed(1)),
      complete: false,
    };
    save(res);
  };
  res.footprint ??= {};
  const ctx: BenchContext = await step("cluster and images", prepare);
  info(`benchmark: ${[...only].join(", ")}; ${trials} trials per figure`);

  if (only.has("render_ms")) {
    res.render_ms = await step("render_ms", () => measureRender(trials));
    checkpoint();
  }
  if (only.has("install_to_running_s")) {
    const r = await step("install_to_running_s", () => measureInstallToRunning(ctx, trials));
    res.install_to_running_s = r.samples.figure("running");
    res.footprint.install_application = r.footprint;
    checkpoint();
  }
  if (only.has("session_ready_s")) {
    const r = await step("session_ready_s", () => measureSessionReady(ctx, trials));
    res.session_ready_s = r.samples.figure("ready");
    res.footprint.session = r.footprint;
    checkpoint();
  }
  if (only.has("failover")) {
    const runs: Record<string, FailoverRun> = {};
    for (const cfg of FAILOVER_CONFIGS) {
      const faults =
        cfg.name === "tuned_without_release" ? (["graceful"] as const) : (["graceful", "crash", "tm"] as const);
      runs[cfg.name] = await step(`failover (${cfg.name}: ${cfg.description})`, () =>
        measureFailover(ctx, cfg, trials, [...faults]),
      );
    }
    const pick = (fault: string, what: string) =>
      Object.fromEntries(
        Object.entries(runs)
          .map(([n, r]) => [n, r.samples.figure(`${fault}.${what}`)])
          .filter(([, f]) => f),
      );
    res.failover_graceful_s = {
      ...pick("graceful", "running"),
      first_checkpoint: pick("graceful", "checkpoint"),
      new_leader: pick("graceful", "elected"),
    };
    res.failover_crash_s = {
      ...pick("crash", "running"),
      first_checkpoint: pick("crash", "checkpoint"),
      new_leader: pick("crash", "elected"),
    };
    res.tm_loss_ha_s = { ...pick("tm", "running"), first_checkpoint: pick("tm", "checkpoint") };
    res.failover_configs = Object.fromEntries(FAILOVER_CONFIGS.map((c) => [c.name, c.description]));
    res.failover_trials = Object.fromEntries(Object.entries(runs).map(([n, r]) => [n, r.trials]));
    for (const [n, r] of Object.entries(runs)) res.footprint[`failover_${n}`] = r.footprint;
    checkpoint();
  }
  if (only.has("tm_recovery_s")) {
    const local = await step("tm_recovery_s (local recovery on)", () => measureTmRecovery(ctx, "local", trials));
    const remote = await step("tm_recovery_s (local recovery off)", () => measureTmRecovery(ctx, "remote", trials));
    const stateGiB = Number(((STATE.keys * STATE.payloadBytes) / 2 ** 30).toFixed(2));
    res.tm_recovery_s = {
      local: local.samples.figure("recovery"),
      remote: remote.samples.figure("recovery"),
      state_gib: stateGiB,
    };
    res.restore_s = {
      local: local.samples.figure("restore"),
      remote: remote.samples.figure("restore"),
      download: { local: local.samples.figure("download"), remote: remote.samples.figure("download") },
    };
    const bytes = (run: typeof local, key: string) => summarize(run.samples.values(key), 0);
    res.restored_bytes = {
      local_disk: bytes(local, "local_disk_bytes"),
      remote: bytes(remote, "remote_bytes"),
      by_run: {
        local: {
          LOCAL_DISK: bytes(local, "local_disk_bytes"),
          REMOTE: bytes(local, "remote_bytes"),
          checkpoint_full_size: bytes(local, "full_size_bytes"),
          handles: [...new Set(local.trials.flatMap((t) => t.handles))],
        },
        remote: {
          LOCAL_DISK: bytes(remote, "local_disk_bytes"),
          REMOTE: bytes(remote, "remote_bytes"),
          checkpoint_full_size: bytes(remote, "full_size_bytes"),
          handles: [...new Set(remote.trials.flatMap((t) => t.handles))],
        },
      },
      note:
        "As Flink 2.2 reports them in the JobInitialization span (sumRestoredStateSizeBytes.<location>). Flink classifies a file: URI " +
        "as LOCAL_DISK (FileStateHandle.collectSizeStats: only non-file schemes are REMOTE), so with the shared PVC as checkpoint storage " +
        "the bytes downloaded from the checkpoint storage appear under LOCAL_DISK too; by_run.*.handles tells which copy was read " +
        "(IncrementalLocalKeyedStateHandle: the TaskManager's local copy; IncrementalRemoteKeyedStateHandle: the checkpoint storage).",
    };
    res.tm_recovery_trials = { local: local.trials, remote: remote.trials };
    res.footprint.tm_recovery_local = local.footprint;
    res.footprint.tm_recovery_remote = remote.footprint;
    checkpoint();
  }
  if (only.has("tm_recovery_s3")) {
    // The same with the checkpoints in S3 (gofakes3 in the namespace, Flink's presto plugin): Flink
    // counts what it downloads from there as REMOTE, so restored_bytes.s3 shows both locations.
    const local = await step("tm_recovery_s3 (checkpoints in S3, local recovery on)", () =>
      measureTmRecovery(ctx, "local", trials, "s3"),
    );
    const remote = await step("tm_recovery_s3 (checkpoints in S3, local recovery off)", () =>
      measureTmRecovery(ctx, "remote", trials, "s3"),
    );
    const bytes = (run: typeof local, key: string) => summarize(run.samples.values(key), 0);
    res.tm_recovery_s = {
      ...res.tm_recovery_s,
      s3: { local: local.samples.figure("recovery"), remote: remote.samples.figure("recovery") },
    };
    res.restore_s = {
      ...res.restore_s,
      s3: {
        local: local.samples.figure("restore"),
        remote: remote.samples.figure("restore"),
        download: { local: local.samples.figure("download"), remote: remote.samples.figure("download") },
      },
    };
    res.restored_bytes = {
      ...res.restored_bytes,
      s3: {
        local_disk: bytes(local, "local_disk_bytes"),
        remote: bytes(remote, "remote_bytes"),
        by_run: {
          local: {
            LOCAL_DISK: bytes(local, "local_disk_bytes"),
            REMOTE: bytes(local, "remote_bytes"),
            handles: [...new Set(local.trials.flatMap((t) => t.handles))],
          },
          remote: {
            LOCAL_DISK: bytes(remote, "local_disk_bytes"),
            REMOTE: bytes(remote, "remote_bytes"),
            handles: [...new Set(remote.trials.flatMap((t) => t.handles))],
          },
        },
      },
    };
    res.tm_recovery_s3_trials = { local: local.trials, remote: remote.trials };
    res.footprint.tm_recovery_s3_local = local.footprint;
    res.footprint.tm_recovery_s3_remote = remote.footprint;
    checkpoint();
  }
  if (only.has("lifecycle")) {
    const l = await step("lifecycle (savepoints and upgrade downtime, 1.25 GiB of state)", () =>
      measureLifecycle(ctx, trials),
    );
    res.savepoint_s = l.samples.figure("savepoint");
    res.upgrade_downtime_s = Object.fromEntries(
      ["graceful_failover", "last_state", "savepoint", "stateless"].map((k) => [k, l.samples.figure(k)]),
    );
    res.upgrade_state_gib = l.state_gib;
    res.lifecycle_trials = l.trials;
    res.footprint.lifecycle = l.footprint;
    checkpoint();
  }
  if (only.has("soak")) {
    const s = await step(`soak (${soakMinutes} min idle, tuned timings)`, () => measureSoak(ctx, soakMinutes));
    const { footprint, ...rest } = s;
    res.soak = rest;
    res.footprint.soak = footprint;
  }

  res.ratios = Object.fromEntries(
    Object.entries({
      "restore_s.local / restore_s.remote": ratio(res.restore_s?.local, res.restore_s?.remote),
      "tm_recovery_s.local / tm_recovery_s.remote": ratio(res.tm_recovery_s?.local, res.tm_recovery_s?.remote),
      "restore_s.s3.local / restore_s.s3.remote": ratio(res.restore_s?.s3?.local, res.restore_s?.s3?.remote),
      "tm_recovery_s.s3.local / tm_recovery_s.s3.remote": ratio(
        res.tm_recovery_s?.s3?.local,
        res.tm_recovery_s?.s3?.remote,
      ),
      "failover_graceful_s.tuned / .default": ratio(res.failover_graceful_s?.tuned, res.failover_graceful_s?.default),
      "failover_graceful_s.tuned / .tuned_without_release": ratio(
        res.failover_graceful_s?.tuned,
        res.failover_graceful_s?.tuned_without_release,
      ),
      "failover_crash_s.tuned / .default": ratio(res.failover_crash_s?.tuned, res.failover_crash_s?.default),
      "tm_loss_ha_s.tuned / .default": ratio(res.tm_loss_ha_s?.tuned, res.tm_loss_ha_s?.default),
      "upgrade_downtime_s.last_state / .graceful_failover": ratio(
        res.upgrade_downtime_s?.last_state,
        res.upgrade_downtime_s?.graceful_failover,
      ),
      "upgrade_downtime_s.savepoint / .graceful_failover": ratio(
        res.upgrade_downtime_s?.savepoint,
        res.upgrade_downtime_s?.graceful_failover,
      ),
      "upgrade_downtime_s.stateless / .graceful_failover": ratio(
        res.upgrade_downtime_s?.stateless,
        res.upgrade_downtime_s?.graceful_failover,
      ),
    }).filter(([, v]) => v !== undefined),
  );
  res.targets = {
    "failover_graceful_s.tuned p50": "<= 6 s",
    "failover_crash_s.tuned p50": "<= 12 s",
    "restore_s.local p50": "<= 0.25 x restore_s.remote p50",
    "install_to_running_s p50": "<= 30 s",
    "upgrade_downtime_s.last_state p50": "<= 1.5 x upgrade_downtime_s.graceful_failover p50",
    "upgrade_downtime_s.savepoint p50": "<= savepoint_s p50 + 1.5 x upgrade_downtime_s.graceful_failover p50",
  };
  res.machine = machine();
  res.run = {
    trials,
    quick: values.quick,
    only: [...only],
    runtime_min: Number(((Date.now() - started) / 60_000).toFixed(1)),
    complete: true,
  };
  const files = save(res);
  writeReadme(res);
  info(`results: ${files.latest}, ${files.dated}; table in bench/README.md; ${res.run.runtime_min} min`);
}

main().catch((e: unknown) => {
  console.error(`\nnpm run bench failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
