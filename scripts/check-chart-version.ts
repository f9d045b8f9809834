// npm run check:chart-version [-- --base REF] [--chart DIR]: fails when the chart changed since the
// base (default: the merge-base of HEAD and main) without a SemVer bump of Chart.yaml `version`.
import { parseArgs } from "node:util";
import { checkChartVersion } from "../harness/chart-version.ts";

const { values } = parseArgs({ options: { base: { type: "string" }, chart: { type: "string" } } });
try {
  const r = checkChartVersion({ base: values.base, chart: values.chart });
  (r.ok ? console.log : console.error)(`${r.ok ? "ok" : "error"}: ${r.message}`);
  process.exitCode = r.ok ? 0 : 1;
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exitCode = 2;
}
