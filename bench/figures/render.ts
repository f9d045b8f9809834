// render_ms: `helm template` of the chart with each values example (Helm 4, the harness's default
// helm), and the unit tests that render the chart (vitest project "unit"; the chart-repository tests,
// which package and serve charts rather than render them, are the project "repo"). Wall-clock
// milliseconds of the whole process, so helm's start-up is included.
import { readdirSync } from "node:fs";
import path from "node:path";
import { run } from "../../harness/exec.ts";
import { info } from "../../harness/log.ts";
import { chartDir } from "../../harness/helm.ts";
import { ensureTool } from "../../harness/tools.ts";
import { repoRoot } from "../../harness/versions.ts";
import { summarize, type Figure } from "../lib/stats.ts";

export interface RenderResult {
  examples: Record<string, Figure>;
  unit_render_suite: Figure;
}

async function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const r = await run(cmd, args, { stream: false, allowFailure: true, cwd: repoRoot, env });
  const ms = performance.now() - t0;
  if (r.code !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr.slice(-2000) || r.stdout.slice(-2000)}`);
  return ms;
}

export async function measureRender(trials: number): Promise<RenderResult> {
  const helm = ensureTool("helm4");
  const dir = path.join(repoRoot, "values-examples");
  const examples: Record<string, Figure> = {};
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith(".yaml"))
    .sort()) {
    const samples: number[] = [];
    await timed(helm, ["template", "flink", chartDir, "-f", path.join(dir, f)]); // warm the page cache
    for (let i = 0; i < trials; i++)
      samples.push(await timed(helm, ["template", "flink", chartDir, "-f", path.join(dir, f)]));
    examples[f.replace(/\.yaml$/, "")] = summarize(samples, 1);
    info(`render_ms ${f}: p50 ${examples[f.replace(/\.yaml$/, "")]!.p50} ms`);
  }
  const suite: number[] = [];
  const vitest = path.join(repoRoot, "node_modules/.bin/vitest");
  for (let i = 0; i < trials; i++) {
    const ms = await timed(vitest, ["run", "--project", "unit"]);
    suite.push(ms);
    info(`render_ms unit render suite (vitest project unit) trial ${i + 1}/${trials}: ${(ms / 1000).toFixed(1)} s`);
  }
  return { examples, unit_render_suite: summarize(suite, 0) };
}
