// npm run lint:ct [-- extra ct lint flags]: chart-testing's `ct lint` on charts/flink with ct.yaml,
// offline (no maintainer lookups, no version-increment check against a remote), with the pinned ct,
// yamllint and yamale. HELM_MAJOR=3 lints with Helm 3 instead of Helm 4.
import { ctCommand } from "./lib/chart-testing.ts";
import { run } from "./lib/exec.ts";
import { defaultHelm } from "./lib/tools.ts";
import { repoRoot } from "./lib/versions.ts";

const ct = ctCommand(defaultHelm());
const args = ["lint", "--config", "ct.yaml", "--charts", "charts/flink", ...ct.configArgs, ...process.argv.slice(2)];
const r = await run(ct.bin, args, { cwd: repoRoot, env: ct.env, allowFailure: true });
process.exitCode = r.code;
