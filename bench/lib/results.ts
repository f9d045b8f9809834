// The results file (bench/results/latest.json and a dated copy) and the Markdown table generated from
// it into bench/README.md (between the markers; the rest of the README is hand-written).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../harness/versions.ts";
import type { Figure } from "./stats.ts";

export const resultsDir = path.join(repoRoot, "bench", "results");
const readme = path.join(repoRoot, "bench", "README.md");
const BEGIN = "<!-- BEGIN GENERATED RESULTS (npm run bench) -->";
const END = "<!-- END GENERATED RESULTS -->";

// Loose on purpose: the file is JSON with the keys of the issue plus notes and details.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Results = Record<string, any>;

export function loadLatest(): Results {
  const f = path.join(resultsDir, "latest.json");
  return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as Results) : {};
}

export function save(results: Results): { latest: string; dated: string } {
  mkdirSync(resultsDir, { recursive: true });
  const latest = path.join(resultsDir, "latest.json");
  const dated = path.join(resultsDir, `${new Date().toISOString().slice(0, 10)}.json`);
  const text = JSON.stringify(results, null, 2) + "\n";
  writeFileSync(latest, text);
  writeFileSync(dated, text);
  return { latest, dated };
}

interface Row {
  figure: string;
  target?: { value: number; unit: string; text: string };
  fig?: Figure;
  unit: string;
  how: string;
}

const fmt = (v: number | undefined, unit: string) =>
  v === undefined || !Number.isFinite(v)
    ? "–"
    : unit === "GiB"
      ? (v / 2 ** 30).toFixed(2)
      : unit === "ms"
        ? v.toFixed(0)
        : v.toFixed(2);

function row(r: Row): string {
  const p50 = r.fig?.p50;
  let ratio = "";
  let verdict = "";
  if (r.target && p50 !== undefined) {
    const q = p50 / r.target.value;
    ratio = q.toFixed(2);
    verdict =
      q <= 1 ? "met" : `**missed** by ${fmt(p50 - r.target.value, r.unit)} ${r.unit} (${((q - 1) * 100).toFixed(0)} %)`;
  }
  return `| ${r.figure} | ${r.target?.text ?? ""} | ${fmt(p50, r.unit)} | ${fmt(r.fig?.p95, r.unit)} | ${r.fig?.n ?? 0} | ${ratio} | ${verdict} | ${r.how} |`;
}

/** The generated Markdown: targets table, ratios, soak, footprint, machine. */
export function markdown(res: Results): string {
  const L: string[] = [];
  const m = res.machine ?? {};
  L.push(
    `Measured ${m.date?.slice(0, 16).replace("T", " ") ?? "?"} UTC on ${m.cores ?? "?"} cores (${m.cpu ?? "?"}), ${m.memory_gib ?? "?"} GiB; ` +
      `Flink ${m.versions?.flink ?? "?"}, Kubernetes ${m.versions?.kubernetes ?? "?"} (kind ${m.versions?.kind ?? "?"}), Helm ${m.versions?.helm ?? "?"}; ` +
      `${res.run?.trials ?? "?"} trials per figure${res.run?.quick ? " (--quick)" : ""}; run of ${res.run?.only?.join(", ") ?? "?"}: ${res.run?.runtime_min ?? "?"} min.`,
  );
  for (const e of (res.earlier_runs ?? []) as {
    date?: string;
    only?: string[];
    trials?: number;
    runtime_min?: number;
  }[]) {
    L.push(
      `Figure families not measured in that run come from the run of ${e.date?.slice(0, 16).replace("T", " ") ?? "?"} UTC (${e.only?.join(", ") ?? "?"}; ${e.trials ?? "?"} trials; ${e.runtime_min ?? "?"} min).`,
    );
  }
  L.push("");
  L.push("| figure | target | p50 | p95 | n | p50 / target | verdict | how measured |");
  L.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
  const s = (o: unknown) => o as Figure | undefined;
  const rows: Row[] = [];
  rows.push({
    figure: "`install_to_running_s`",
    target: { value: 30, unit: "s", text: "≤ 30 s" },
    fig: s(res.install_to_running_s),
    unit: "s",
    how: "`helm install` application cluster → every task RUNNING (Flink's timestamps)",
  });
  {
    // The job lifecycle (bench/figures/lifecycle.ts): savepoints and upgrade downtime in one release.
    const up = res.upgrade_downtime_s ?? {};
    const g = s(up.graceful_failover)?.p50;
    const sp = s(res.savepoint_s)?.p50;
    if (res.savepoint_s)
      rows.push({
        figure: "`savepoint_s`",
        fig: s(res.savepoint_s),
        unit: "s",
        how: `savepoint of ${res.upgrade_state_gib ?? "?"} GiB RocksDB state: trigger → completed (Flink's end-to-end duration)`,
      });
    const how: Record<string, string> = {
      graceful_failover:
        "leader JobManager pod deleted: last event processed → first event processed again (verifier log)",
      last_state:
        "`helm upgrade` changing a job argument, upgrade mode last-state: last event of the old job → first of the new",
      savepoint: "… upgrade mode savepoint (stop-with-savepoint, then the new version from it)",
      stateless: "… upgrade mode stateless (cancel, then the new version with empty state)",
    };
    for (const k of ["graceful_failover", "last_state", "savepoint", "stateless"]) {
      if (!up[k]) continue;
      const target =
        k === "last_state" && g !== undefined
          ? { value: 1.5 * g, unit: "s", text: `≤ 1.5 × graceful_failover (${(1.5 * g).toFixed(2)} s)` }
          : k === "savepoint" && g !== undefined && sp !== undefined
            ? {
                value: sp + 1.5 * g,
                unit: "s",
                text: `≤ savepoint_s + 1.5 × graceful_failover (${(sp + 1.5 * g).toFixed(2)} s)`,
              }
            : undefined;
      rows.push({ figure: `\`upgrade_downtime_s.${k}\``, target, fig: s(up[k]), unit: "s", how: how[k]! });
    }
  }
  rows.push({
    figure: "`session_ready_s`",
    fig: s(res.session_ready_s),
    unit: "s",
    how: "`helm install` session cluster → 2 TaskManagers registered",
  });
  for (const cfg of ["default", "tuned", "tuned_without_release"]) {
    const g = res.failover_graceful_s?.[cfg];
    if (g)
      rows.push({
        figure: `\`failover_graceful_s.${cfg}\``,
        target: cfg === "tuned" ? { value: 6, unit: "s", text: "≤ 6 s" } : undefined,
        fig: s(g),
        unit: "s",
        how: "leader JobManager pod deleted → job RUNNING again, restored",
      });
    const gl = res.failover_graceful_s?.new_leader?.[cfg];
    if (gl)
      rows.push({
        figure: `\`failover_graceful_s.new_leader.${cfg}\``,
        fig: s(gl),
        unit: "s",
        how: "… → a standby's identity in the leader lock",
      });
    const gc = res.failover_graceful_s?.first_checkpoint?.[cfg];
    if (gc)
      rows.push({
        figure: `\`failover_graceful_s.first_checkpoint.${cfg}\``,
        fig: s(gc),
        unit: "s",
        how: "… → first checkpoint completed after the restore",
      });
  }
  for (const cfg of ["default", "tuned"]) {
    const c = res.failover_crash_s?.[cfg];
    if (c)
      rows.push({
        figure: `\`failover_crash_s.${cfg}\``,
        target: cfg === "tuned" ? { value: 12, unit: "s", text: "≤ 12 s" } : undefined,
        fig: s(c),
        unit: "s",
        how: "leader JVM SIGKILLed from the node → job RUNNING again, restored",
      });
    const cl = res.failover_crash_s?.new_leader?.[cfg];
    if (cl)
      rows.push({
        figure: `\`failover_crash_s.new_leader.${cfg}\``,
        fig: s(cl),
        unit: "s",
        how: "… → a standby's identity in the leader lock",
      });
    const cc = res.failover_crash_s?.first_checkpoint?.[cfg];
    if (cc)
      rows.push({
        figure: `\`failover_crash_s.first_checkpoint.${cfg}\``,
        fig: s(cc),
        unit: "s",
        how: "… → first checkpoint completed after the restore",
      });
  }
  for (const cfg of ["default", "tuned"]) {
    const t = res.tm_loss_ha_s?.[cfg];
    if (t)
      rows.push({
        figure: `\`tm_loss_ha_s.${cfg}\``,
        fig: s(t),
        unit: "s",
        how: "HA cluster: TaskManager pod deleted → job RUNNING again (restart strategy delay)",
      });
  }
  for (const mode of ["local", "remote"]) {
    const t = res.tm_recovery_s?.[mode];
    if (t)
      rows.push({
        figure: `\`tm_recovery_s.${mode}\``,
        fig: s(t),
        unit: "s",
        how: `StatefulSet TaskManager with ${res.tm_recovery_s?.state_gib ?? "?"} GiB RocksDB state deleted → RUNNING, restored (local recovery ${mode === "local" ? "on" : "off"})`,
      });
  }
  const rl = res.restore_s?.local;
  const rr = res.restore_s?.remote;
  if (rl)
    rows.push({
      figure: "`restore_s.local`",
      target: rr ? { value: 0.25 * rr.p50, unit: "s", text: "≤ 0.25 × remote" } : undefined,
      fig: s(rl),
      unit: "s",
      how: "Flink's maxInitializeStateDurationMs (JobInitialization span), local recovery on",
    });
  if (rr)
    rows.push({
      figure: "`restore_s.remote`",
      fig: s(rr),
      unit: "s",
      how: "the same, local recovery off (download from the checkpoint storage)",
    });
  for (const k of ["local_disk", "remote"]) {
    const b = res.restored_bytes?.[k];
    if (b)
      rows.push({
        figure: `\`restored_bytes.${k}\` (GiB)`,
        fig: s(b),
        unit: "GiB",
        how: `sumRestoredStateSizeBytes.${k === "local_disk" ? "LOCAL_DISK, local recovery on" : "REMOTE, local recovery off"} (JobInitialization span)`,
      });
  }
  const s3 = {
    rec: res.tm_recovery_s?.s3,
    rl: res.restore_s?.s3?.local,
    rr: res.restore_s?.s3?.remote,
    bytes: res.restored_bytes?.s3,
  };
  for (const mode of ["local", "remote"]) {
    const t = s3.rec?.[mode];
    if (t)
      rows.push({
        figure: `\`tm_recovery_s.s3.${mode}\``,
        fig: s(t),
        unit: "s",
        how: `the same with the checkpoints in S3 (gofakes3, presto plugin), local recovery ${mode === "local" ? "on" : "off"}`,
      });
  }
  if (s3.rl)
    rows.push({
      figure: "`restore_s.s3.local`",
      target: s3.rr ? { value: 0.25 * s3.rr.p50, unit: "s", text: "≤ 0.25 × remote" } : undefined,
      fig: s(s3.rl),
      unit: "s",
      how: "maxInitializeStateDurationMs, checkpoints in S3, local recovery on",
    });
  if (s3.rr)
    rows.push({
      figure: "`restore_s.s3.remote`",
      fig: s(s3.rr),
      unit: "s",
      how: "the same, local recovery off (download from S3)",
    });
  for (const k of ["local_disk", "remote"]) {
    const b = s3.bytes?.[k];
    if (b)
      rows.push({
        figure: `\`restored_bytes.s3.${k}\` (GiB)`,
        fig: s(b),
        unit: "GiB",
        how: `sumRestoredStateSizeBytes.${k === "local_disk" ? "LOCAL_DISK, local recovery on" : "REMOTE, local recovery off"}, checkpoints in S3`,
      });
  }
  for (const [name, f] of Object.entries(res.render_ms?.examples ?? {})) {
    rows.push({
      figure: `\`render_ms.examples.${name}\``,
      fig: s(f),
      unit: "ms",
      how: "`helm template` (Helm 4) with values-examples/" + name + ".yaml",
    });
  }
  if (res.render_ms?.unit_render_suite)
    rows.push({
      figure: "`render_ms.unit_render_suite`",
      fig: s(res.render_ms.unit_render_suite),
      unit: "ms",
      how: "`vitest run --project unit` without the repo-* tests",
    });
  for (const r of rows) L.push(row(r));
  L.push("");
  if (res.ratios) {
    L.push("Ratios within this run:");
    L.push("");
    for (const [k, v] of Object.entries(res.ratios as Record<string, number>))
      L.push(`- \`${k}\` = ${Number(v).toFixed(2)}`);
    L.push("");
  }
  if (res.soak) {
    const k = res.soak;
    L.push(
      `Idle soak (\`soak\`): ${k.minutes} min with the tuned timings (lease ${k.lease}): **${k.leader_changes} leader changes**, ${k.leader_transitions} lock transitions, ${k.job_restarts} job restarts, ${k.jobmanager_container_restarts} JobManager container restarts; the lock's renewTime was at most ${k.max_renew_age_s} s old (${k.samples} samples, 1 s apart).`,
    );
    L.push("");
  }
  if (res.footprint) {
    L.push(
      "Footprint (`footprint`): peak memory of each Flink container against its limit (working set = usage − inactive page cache; kernel peak includes page cache).",
    );
    L.push("");
    L.push("| scenario | component | peak working set (MiB) | kernel peak (MiB) | limit (MiB) | working set / limit |");
    L.push("| --- | --- | --- | --- | --- | --- |");
    for (const [scenario, comps] of Object.entries(
      res.footprint as Record<
        string,
        Record<string, { peak_working_set_mib: number; peak_usage_mib: number; limit_mib: number; ratio: number }>
      >,
    )) {
      for (const [c, f] of Object.entries(comps))
        L.push(
          `| ${scenario} | ${c} | ${f.peak_working_set_mib} | ${f.peak_usage_mib} | ${f.limit_mib} | ${f.ratio.toFixed(2)} |`,
        );
    }
    L.push("");
  }
  return L.join("\n");
}

export function writeReadme(res: Results): void {
  const text = existsSync(readme) ? readFileSync(readme, "utf8") : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < 0) throw new Error(`bench/README.md lacks the ${BEGIN} / ${END} markers`);
  writeFileSync(readme, `${text.slice(0, a + BEGIN.length)}\n${markdown(res)}\n${text.slice(b)}`);
}
