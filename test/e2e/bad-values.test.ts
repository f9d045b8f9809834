// An invalid values file is refused at install with a message naming the value to fix, and nothing is
// created in the cluster: helm has no record of the release.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chartDir } from "../../harness/helm.ts";
import { useRelease } from "./lib/suite.ts";

describe("bad values at install", () => {
  const ctx = useRelease("bad-values");
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
    const r = ctx.r;
    const install = await r.helm(["install", r.name, chartDir, "-f", file(`${Math.random()}.yaml`, body)]);
    expect(install.code).not.toBe(0);
    expect(install.stderr).toMatch(message);
    expect(await r.leftovers()).toEqual([]);
    const status = await r.helm(["status", r.name]);
    expect(status.code, "helm has no record of the release").not.toBe(0);
    expect(status.stderr).toMatch(/not found/);
  });
});
