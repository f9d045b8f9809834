// Progress output for long operations: every step says what it waits for and how long it took.

const t0 = Date.now();

function stamp(): string {
  return new Date().toISOString().slice(11, 19);
}

export function info(msg: string): void {
  process.stderr.write(`\x1b[1;34m[${stamp()}]\x1b[0m ${msg}\n`);
}

export function warn(msg: string): void {
  process.stderr.write(`\x1b[1;33m[${stamp()}] warning:\x1b[0m ${msg}\n`);
}

export function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs `fn` as a named step, printing its start, end and duration. */
export async function step<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const started = Date.now();
  info(`${name} ...`);
  try {
    const result = await fn();
    info(`${name}: done in ${elapsed(started)}`);
    return result;
  } catch (err) {
    info(`${name}: FAILED after ${elapsed(started)}`);
    throw err;
  }
}

/** Total time since the process started, for summaries. */
export function sinceStart(): string {
  return elapsed(t0);
}

export interface WaitOptions {
  /** What we are waiting for, printed while waiting. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value other than undefined, printing progress every 10 s with the
 * probe's latest status line. Throws with the last status when the timeout passes.
 */
export async function waitFor<T>(opts: WaitOptions, probe: () => Promise<{ done?: T; status: string }>): Promise<T> {
  const started = Date.now();
  let lastPrint = 0;
  let status = "(not probed yet)";
  for (;;) {
    try {
      const r = await probe();
      status = r.status;
      if (r.done !== undefined) return r.done;
    } catch (err) {
      status = `probe error: ${(err as Error).message.split("\n")[0]}`;
    }
    const now = Date.now();
    if (now - started > opts.timeoutMs) {
      throw new Error(`timed out after ${elapsed(started)} waiting for ${opts.what}; last status: ${status}`);
    }
    if (now - lastPrint > 10_000) {
      info(`waiting for ${opts.what} (${elapsed(started)}): ${status}`);
      lastPrint = now;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1000));
  }
}
