// install_to_running_s: `helm install` of an application cluster (values-examples/application.yaml,
// the test-job image, the e2e suite's job arguments) until every task of the job is RUNNING, by
// Flink's own RUNNING timestamps. session_ready_s: `helm install` of a session cluster
// (values-examples/session.yaml, the plain Flink image) until both TaskManagers are registered
// (REST /overview, polled every 200 ms). Each trial is a fresh namespace (images already on the node).
import { info, waitFor } from "../../harness/log.ts";
import { TEST_JOB_ARGS } from "../../harness/testjob.ts";
import type { Release } from "../../harness/release.ts";
import { secondsSince, withRelease, type BenchContext } from "../lib/context.ts";
import type { ComponentFootprint } from "../lib/footprint.ts";
import { jobStatus, waitAllRunningAt } from "../lib/job.ts";
import { Samples } from "../lib/stats.ts";

export interface InstallRun {
  samples: Samples;
  footprint: Record<string, ComponentFootprint>;
}

/** Runs `trials` trials, each in a fresh release (dumped on failure, always destroyed); the footprint is the last trial's. */
async function eachTrial(
  ctx: BenchContext,
  name: string,
  trials: number,
  trial: (r: Release, samples: Samples, label: string) => Promise<void>,
): Promise<InstallRun> {
  const samples = new Samples();
  let footprint: Record<string, ComponentFootprint> = {};
  for (let i = 1; i <= trials; i++) {
    footprint = await withRelease(ctx, name, async (r, sampler) => {
      await trial(r, samples, `trial ${i}/${trials}`);
      return sampler.result();
    });
  }
  return { samples, footprint };
}

export function measureInstallToRunning(ctx: BenchContext, trials: number): Promise<InstallRun> {
  return eachTrial(ctx, "install", trials, async (r, samples, label) => {
    const t0 = Date.now();
    await r.install({
      valuesFiles: ["values-examples/application.yaml"],
      values: { application: { args: TEST_JOB_ARGS } },
      image: "testJob",
    });
    const helmDone = secondsSince(t0);
    const rest = await r.rest(2000);
    const s = await waitFor({ what: "the job RUNNING", timeoutMs: 300_000, intervalMs: 250 }, async () => {
      const st = await jobStatus(rest);
      return { done: st.running ? st : undefined, status: st.state };
    });
    const running = secondsSince(t0, await waitAllRunningAt((fn) => fn(rest), s.jid, t0));
    samples.add("running", running);
    samples.add("helm", helmDone);
    info(`install_to_running_s ${label}: ${running} s (helm install returned after ${helmDone} s)`);
  });
}

export function measureSessionReady(ctx: BenchContext, trials: number): Promise<InstallRun> {
  return eachTrial(ctx, "session", trials, async (r, samples, label) => {
    const t0 = Date.now();
    await r.install({ valuesFiles: ["values-examples/session.yaml"] });
    const rest = await r.rest(2000);
    await waitFor({ what: "2 TaskManagers registered", timeoutMs: 300_000, intervalMs: 200 }, async () => {
      const o = await rest.overview();
      return { done: o.taskmanagers >= 2 ? true : undefined, status: `${o.taskmanagers} TaskManagers` };
    });
    const ready = secondsSince(t0);
    samples.add("ready", ready);
    info(`session_ready_s ${label}: ${ready} s`);
  });
}
