// Scenario 8: an invalid values file is refused at install with a message naming the value to fix,
// and nothing is created in the cluster.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chartPath } from "../../scripts/lib/release.ts";
import { useScenario } from "./lib/scenario.ts";

describe("bad values at install", () => {
  const ctx = useScenario("bad-values");
  const dir = mkdtempSync(path.join(os.tmpdir(), "flink-helm-bad-values-"));
  const file = (name: string, body: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, body);
    return f;
  };

  it.each([
    ["a typo in a value name (schema)", "taskManager:\n  replicaz: 3\n", /replicaz/],
    ["a mistyped value (schema)", "taskManager:\n  replicas: three\n", /taskManager.*replicas|replicas.*integer/],
    ["standby JobManagers without HA (contradiction)", "jobManager:\n  replicas: 2\n", /jobManager\.replicas/],
    [
      "HA without a storage directory (contradiction)",
      "highAvailability:\n  enabled: true\n",
      /highAvailability\.storageDir/,
    ],
  ])("refuses %s and creates nothing", async (_what, body, message) => {
    const s = ctx.s;
    const r = await s.helm(["install", s.release, chartPath, "-f", file(`${Math.random()}.yaml`, body)]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(await s.leftovers()).toEqual([]);
    const status = await s.helm(["status", s.release]);
    expect(status.code, "helm has no record of the release").not.toBe(0);
    expect(status.stderr).toMatch(/not found/);
  });
});
