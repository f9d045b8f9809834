// Runs a rendered helper container's command (`/bin/sh -c SCRIPT NAME ARG...`) on this machine with
// the host's sh, against canned HTTP answers: a stub `curl` on PATH records each request and answers
// the next of `answers` (the last one repeats), a stub `sleep` returns at once, and the service
// account directory is a temporary one. So a render test sees what a script does, not what it says.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { V1Container } from "@kubernetes/client-node";

export interface Answer {
  status: number;
  body: string;
}

export interface ContainerRun {
  code: number;
  output: string;
  /** "METHOD URL" of each request, in order. */
  requests: string[];
}

const STUB_CURL = `#!/bin/sh
out=/dev/null method=GET url=
while [ $# -gt 0 ]; do
  case $1 in
    -o) out=$2; shift ;;
    -X) method=$2; shift ;;
    -w | -H | --max-time | --cacert | --cert | --key | --data) shift ;;
    -*) ;;
    *) url=$1 ;;
  esac
  shift
done
n=$(( $(cat "$STUB_DIR/count") + 1 ))
echo "$n" >"$STUB_DIR/count"
echo "$method $url" >>"$STUB_DIR/requests"
f=$STUB_DIR/answer-$n
[ -f "$f" ] || f=$STUB_DIR/answer-last
tail -n +2 "$f" >"$out"
head -n 1 "$f" | tr -d '\\n'
`;

/** Runs container `c` (its command and literal env values) with `env` on top; fails after 30 s. */
export function runContainer(c: V1Container, answers: Answer[], env: Record<string, string> = {}): ContainerRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), "flink-helm-run-"));
  const bin = path.join(dir, "bin");
  const sa = path.join(dir, "serviceaccount");
  mkdirSync(bin);
  mkdirSync(sa);
  writeFileSync(path.join(bin, "curl"), STUB_CURL);
  writeFileSync(path.join(bin, "sleep"), "#!/bin/sh\nexit 0\n");
  for (const f of ["curl", "sleep"]) chmodSync(path.join(bin, f), 0o755);
  for (const [f, text] of Object.entries({ token: "t0ken", namespace: "streaming", "ca.crt": "ca" }))
    writeFileSync(path.join(sa, f), text);
  writeFileSync(path.join(dir, "count"), "0");
  writeFileSync(path.join(dir, "requests"), "");
  answers.forEach((a, i) => {
    const text = `${a.status}\n${a.body}`;
    writeFileSync(path.join(dir, `answer-${i + 1}`), text);
    if (i === answers.length - 1) writeFileSync(path.join(dir, "answer-last"), text);
  });
  const [shell, ...args] = c.command ?? [];
  if (shell !== "/bin/sh") throw new Error(`container ${c.name} does not run /bin/sh: ${shell}`);
  const literal = Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  const r = spawnSync("sh", args, {
    encoding: "utf8",
    timeout: 30_000,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      TMPDIR: dir,
      STUB_DIR: dir,
      SA_DIR: sa,
      KUBERNETES_SERVICE_HOST: "10.96.0.1",
      KUBERNETES_SERVICE_PORT: "443",
      ...literal,
      ...env,
    },
  });
  const requests = readFileSync(path.join(dir, "requests"), "utf8").split("\n").filter(Boolean);
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}`, requests };
}
