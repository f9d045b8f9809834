// Scenario timings: printed as they are measured and collected into .out/e2e-timings.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../../scripts/lib/versions.ts";

const file = path.join(repoRoot, ".out", "e2e-timings.json");

/** A stopwatch whose laps are recorded under `scenario`. */
export class Timings {
  private marks = new Map<string, number>();

  constructor(readonly scenario: string) {}

  mark(name: string): void {
    this.marks.set(name, Date.now());
  }

  /** Records the seconds since mark `from` as `name`, prints and persists it; returns the seconds. */
  lap(name: string, from: string): number {
    const start = this.marks.get(from);
    if (start === undefined) throw new Error(`no mark ${from}`);
    const seconds = (Date.now() - start) / 1000;
    console.log(`[timing] ${this.scenario}: ${name} = ${seconds.toFixed(1)} s`);
    let all: Record<string, Record<string, number>> = {};
    try {
      all = JSON.parse(readFileSync(file, "utf8")) as typeof all;
    } catch {
      // first record
    }
    all[this.scenario] = { ...all[this.scenario], [name]: Number(seconds.toFixed(1)) };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
    return seconds;
  }
}
