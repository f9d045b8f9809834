// Scenario 7, second half: with highAvailability.keepConfigMapsOnUninstall the HA ConfigMaps (and the
// data volume they point into) survive `helm uninstall`, and a later `helm install` of the same release
// resumes the job from its latest checkpoint with its state intact.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { beforeFault, expectRecovered, type BeforeFault } from "./lib/recovery.ts";
import { Scenario } from "./lib/scenario.ts";
import { TEST_JOB_ARGS, waitForJob, waitRunning } from "./lib/testjob.ts";

describe("uninstall keeping the HA state, then install again", () => {
  let s: Scenario;
  let rest: FlinkRest;
  let before: BeforeFault;
  const install = () =>
    s.install({
      valuesFiles: ["values-examples/application-ha.yaml"],
      testJobImage: true,
      values: { application: { args: TEST_JOB_ARGS }, highAvailability: { keepConfigMapsOnUninstall: true } },
      pods: 3,
    });

  beforeAll(async () => {
    s = await Scenario.create("keep");
    await install();
    rest = await s.rest();
    const jid = await waitForJob(rest);
    await waitRunning(rest, jid);
    before = await beforeFault(rest, jid);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") await s.dump();
  });
  afterAll(async () => s?.destroy());

  it("keeps the HA ConfigMaps and the data volume on helm uninstall, and nothing else", async () => {
    await s.uninstall();
    const left = await s.leftovers();
    expect(left).toContain(`configmap/${s.release}-cluster-config-map`);
    expect(left).toContain(`configmap/${s.release}-${before.jid}-config-map`);
    expect(left).toContain(`persistentvolumeclaim/${s.release}-data`);
    expect(left.filter((o) => !o.startsWith("configmap/") && o !== `persistentvolumeclaim/${s.release}-data`)).toEqual([]);
  });

  it("resumes the job from its latest checkpoint when the release is installed again", async () => {
    s.timings.mark("fault");
    await install();
    await expectRecovered(s, rest, before, "uninstall and install");
  });
});
