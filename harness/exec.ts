// Runs external commands. `run` streams output (for long operations), `capture` returns stdout.
import { spawn, spawnSync } from "node:child_process";

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  /** Stream the command's stdout and stderr to our stderr (default true for run); "stderr": only its
   * stderr (progress), while stdout is only captured (a result). */
  stream?: boolean | "stderr";
  /** Do not throw on a non-zero exit. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly result: RunResult,
  ) {
    super(`command failed (exit ${result.code}): ${command}\n${result.stderr.trim() || result.stdout.trim()}`);
  }
}

function describe(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

/** Runs a command asynchronously; streams its output unless `stream: false`. */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const stream = opts.stream ?? true;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: opts.timeoutMs,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stream === true) process.stderr.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (stream) process.stderr.write(d);
    });
    child.on("error", (err) => reject(new Error(`cannot run ${cmd}: ${err.message}`)));
    child.on("close", (code, signal) => {
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
      if (result.code !== 0 && !opts.allowFailure) reject(new CommandError(describe(cmd, args), result));
      else resolve(result);
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs a command quietly and returns its trimmed stdout; throws with stderr on failure. */
export async function capture(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  return (await run(cmd, args, { ...opts, stream: false })).stdout.trim();
}

/** Synchronous variant for quick probes (version checks, `docker image inspect`). */
export function probe(cmd: string, args: readonly string[], opts: Pick<RunOptions, "cwd"> = {}): RunResult {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000, cwd: opts.cwd, maxBuffer: 16 * 1024 * 1024 });
  return { code: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? r.error?.message ?? "" };
}
