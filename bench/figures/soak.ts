// soak: an HA application cluster with the chart's (tuned) leader-election timings, the test job
// running and nothing else happening, watched for `minutes`: the lock is read every second and every
// change of holder (and the lock's own leaderTransitions counter) is counted, with the job's restarts
// and the JobManager container restarts. Also the largest age of the lock's renewTime seen, i.e. how
// close the leader came to letting its lease run out (it must stay well below leaseDuration).
import { info, step, waitFor } from "../../harness/log.ts";
import { TEST_JOB_ARGS } from "../../harness/testjob.ts";
import { sleep, withRelease, type BenchContext } from "../lib/context.ts";
import type { Release } from "../../harness/release.ts";
import type { ComponentFootprint } from "../lib/footprint.ts";
import { jobStatus } from "../lib/job.ts";

export interface SoakResult {
  minutes: number;
  lease: string;
  leader_changes: number;
  leader_transitions: number;
  job_restarts: number;
  jobmanager_container_restarts: number;
  max_renew_age_s: number;
  samples: number;
  footprint: Record<string, ComponentFootprint>;
}

/** The job's numRestarts gauge (Flink's REST metric fetcher may answer empty at first). */
async function numRestarts(r: Release, jid: string): Promise<number> {
  const rest = await r.rest(5000);
  return waitFor({ what: "the job's numRestarts metric", timeoutMs: 60_000, intervalMs: 1000 }, async () => {
    const m = await rest.get<{ id: string; value: string }[]>(`/jobs/${jid}/metrics?get=numRestarts`);
    const v = m[0]?.value;
    return { done: v !== undefined ? Number(v) : undefined, status: JSON.stringify(m) };
  });
}

async function jmRestarts(r: Release): Promise<number> {
  const pods = await r.jobManagerPods();
  return pods.reduce(
    (n, p) => n + (p.status?.containerStatuses?.find((c) => c.name === "jobmanager")?.restartCount ?? 0),
    0,
  );
}

export async function measureSoak(ctx: BenchContext, minutes: number): Promise<SoakResult> {
  return withRelease(ctx, "soak", async (r, footprint) => {
    await step("[soak] helm install (values-examples/application-ha.yaml, chart defaults)", () =>
      r.install({
        valuesFiles: ["values-examples/application-ha.yaml"],
        values: { application: { args: TEST_JOB_ARGS } },
        image: "testJob",
      }),
    );
    const rest = await r.rest(5000);
    const job = await waitFor(
      { what: "the job RUNNING and both JobManagers ready", timeoutMs: 300_000, intervalMs: 1000 },
      async () => {
        const s = await jobStatus(rest);
        const pods = await r.jobManagerPods();
        const ready = pods.filter((p) => (p.status?.containerStatuses ?? []).every((c) => c.ready)).length;
        return { done: s.running && ready >= 2 ? s : undefined, status: `${s.state}, ${ready} JobManagers ready` };
      },
    );
    const first = await r.leaderLock();
    if (!first) throw new Error("no leader lock");
    const restarts0 = await numRestarts(r, job.jid);
    const jm0 = await jmRestarts(r);
    let holder = first.holderIdentity;
    let changes = 0;
    let maxAge = 0;
    let samples = 0;
    const end = Date.now() + minutes * 60_000;
    let lastReport = Date.now();
    info(
      `[soak] watching the leader lock for ${minutes} min (lease ${first.leaseDuration}, holder ${holder.slice(0, 8)}, transitions ${first.leaderTransitions})`,
    );
    while (Date.now() < end) {
      const l = await r.leaderLock();
      if (l) {
        samples++;
        if (l.holderIdentity !== holder) {
          changes++;
          info(`[soak] leader changed: ${holder.slice(0, 8)} -> ${l.holderIdentity.slice(0, 8) || '""'}`);
          holder = l.holderIdentity;
        }
        const age = (Date.now() - Date.parse(l.renewTime)) / 1000;
        if (Number.isFinite(age)) maxAge = Math.max(maxAge, age);
      }
      if (Date.now() - lastReport > 60_000) {
        info(
          `[soak] ${Math.round((end - Date.now()) / 1000)} s left: ${changes} leader changes, largest renewTime age ${maxAge.toFixed(2)} s`,
        );
        lastReport = Date.now();
      }
      await sleep(1000);
    }
    const last = await r.leaderLock();
    const result: SoakResult = {
      minutes,
      lease: first.leaseDuration,
      leader_changes: changes,
      leader_transitions: (last?.leaderTransitions ?? NaN) - first.leaderTransitions,
      job_restarts: (await numRestarts(r, job.jid)) - restarts0,
      jobmanager_container_restarts: (await jmRestarts(r)) - jm0,
      max_renew_age_s: Number(maxAge.toFixed(2)),
      samples,
      footprint: footprint.result(),
    };
    info(`[soak] done: ${JSON.stringify({ ...result, footprint: undefined })}`);
    return result;
  });
}
