// A stopwatch for a release's steps: laps are printed as they are measured and, when a file is given
// (the e2e suite's .out/e2e-timings.json), collected there under the release's label.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./versions.ts";

export class Timings {
  private marks = new Map<string, number>();

  /** `file` is relative to the repository root; without it laps are only printed. */
  constructor(
    readonly label: string,
    private readonly file?: string,
  ) {}

  mark(name: string): void {
    this.marks.set(name, Date.now());
  }

  /** Records the seconds since mark `from` as `name`, prints and persists it; returns the seconds. */
  lap(name: string, from: string): number {
    const start = this.marks.get(from);
    if (start === undefined) throw new Error(`no mark ${from}`);
    const seconds = (Date.now() - start) / 1000;
    console.log(`[timing] ${this.label}: ${name} = ${seconds.toFixed(1)} s`);
    if (this.file) {
      const file = path.join(repoRoot, this.file);
      let all: Record<string, Record<string, number>> = {};
      try {
        all = JSON.parse(readFileSync(file, "utf8")) as typeof all;
      } catch {
        // first record
      }
      all[this.label] = { ...all[this.label], [name]: Number(seconds.toFixed(1)) };
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
    }
    return seconds;
  }
}
