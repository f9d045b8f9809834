// npm run lint:shell: every shell file of the repository (build and setup scripts, the image's
// scripts, the chart's files/*.sh) parses with the shell it runs under (`sh -n` or `bash -n`), and
// passes shellcheck (settings in .shellcheckrc). Shell files are found by their `#!` line, a
// `# shellcheck shell=` directive (sourced libraries) or the .sh ending.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { probe } from "../harness/exec.ts";
import { repoRoot } from "../harness/versions.ts";

/** Where shell files live; the walk skips build output and dependencies. */
const ROOTS = [".ci", "scripts", "images", "charts/flink/files"];
const SKIP = new Set(["node_modules", "target", ".git"]);

/**
 * Findings left in files whose content is a cache key: any edit of images/flink/ rebuilds the Flink
 * image, and one of the kind node image's recipe (kind-node-image.sh, debian-rootfs.sh) rebuilds the
 * node image on every machine. Fix them with the next change that rebuilds the image anyway.
 */
const KNOWN: Record<string, string[]> = {
  "images/flink/docker-entrypoint.sh": ["SC2155", "SC2001"],
  "scripts/build/kind-node-image.sh": ["SC2034", "SC2206"],
  "scripts/build/debian-rootfs.sh": ["SC2020"],
};

export type Dialect = "sh" | "bash";

/** The shell a file is written for, or undefined when it is not a shell file. */
export function dialectOf(file: string, text: string): Dialect | undefined {
  const first = text.split("\n", 1)[0] ?? "";
  const shebang = /^#!\s*(?:\/usr\/bin\/env\s+)?\S*?\b(sh|bash|dash|ash)\b/.exec(first);
  if (shebang) return shebang[1] === "bash" ? "bash" : "sh";
  const directive = /^# shellcheck shell=(sh|bash|dash)\b/m.exec(text);
  if (directive) return directive[1] === "bash" ? "bash" : "sh";
  return file.endsWith(".sh") ? "sh" : undefined;
}

/** Every shell file below ROOTS, relative to the repository root, with its dialect. */
export function shellFiles(root = repoRoot): { file: string; dialect: Dialect }[] {
  const out: { file: string; dialect: Dialect }[] = [];
  const walk = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(path.join(root, dir));
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      if (SKIP.has(name)) continue;
      const rel = path.join(dir, name);
      const st = statSync(path.join(root, rel));
      if (st.isDirectory()) walk(rel);
      else if (st.isFile() && st.size < 1_000_000) {
        const dialect = dialectOf(rel, readFileSync(path.join(root, rel), "utf8"));
        if (dialect) out.push({ file: rel, dialect });
      }
    }
  };
  for (const r of ROOTS) walk(r);
  return out;
}

/** Problems of each file: syntax errors from `sh -n`/`bash -n`, then shellcheck's findings. */
export function checkShellFiles(files = shellFiles(), root = repoRoot): string[] {
  const problems: string[] = [];
  for (const { file, dialect } of files) {
    const r = probe(dialect, ["-n", path.join(root, file)]);
    if (r.code !== 0) problems.push(`${file}: ${dialect} -n: ${(r.stderr || r.stdout).trim()}`);
  }
  if (probe("shellcheck", ["--version"]).code !== 0) {
    problems.push(
      "shellcheck is not installed: run `bash scripts/setup/docker.sh` (it installs the host packages) or `apt-get install shellcheck`",
    );
    return problems;
  }
  for (const dialect of ["sh", "bash"] as const) {
    const group = files.filter((f) => f.dialect === dialect).map((f) => f.file);
    if (group.length === 0) continue;
    // Relative paths, so findings name files as the repository does; -x follows `source`d files.
    const r = probe("shellcheck", ["-x", `--shell=${dialect}`, "-f", "gcc", ...group], { cwd: root });
    if (r.code !== 0 && !r.stdout.trim()) problems.push(`shellcheck failed: ${r.stderr.trim()}`);
    const known = (line: string) => KNOWN[line.split(":")[0]!]?.some((code) => line.endsWith(`[${code}]`));
    problems.push(...r.stdout.split("\n").filter((l) => l.trim() && !known(l)));
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const files = shellFiles();
  const problems = checkShellFiles(files);
  if (problems.length) {
    console.error(problems.join("\n"));
    console.error(`\nshell check failed (${files.length} shell files)`);
    process.exit(1);
  }
  console.log(`${files.length} shell files: sh -n / bash -n and shellcheck passed`);
}
