// npm run lint:ct [-- extra ct lint flags]: chart-testing's `ct lint` on charts/flink with ct.yaml,
// offline (no maintainer lookups, no version-increment check against a remote), with the pinned ct,
// yamllint and yamale. HELM_MAJOR=3 lints with Helm 3 instead of Helm 4.
import { ctCommand } from "../harness/chart-testing.ts";
import { run } from "../harness/exec.ts";
import { helmBinary } from "../harness/helm.ts";
import { repoRoot } from "../harness/versions.ts";

const ct = ctCommand(helmBinary());
const args = ["lint", "--config", "ct.yaml", "--charts", "charts/flink", ...ct.configArgs, ...process.argv.slice(2)];
const r = await run(ct.bin, args, { cwd: repoRoot, env: ct.env, allowFailure: true });
process.exitCode = r.code;
