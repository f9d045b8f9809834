// Scenario 7, second half: with highAvailability.keepConfigMapsOnUninstall the HA ConfigMaps (and the
// data volume they point into) survive `helm uninstall`, and a later `helm install` of the same release
// resumes the job from its latest checkpoint with its state intact.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { beforeFault, expectRecovered, type BeforeFault } from "./lib/recovery.ts";
import { useScenario } from "./lib/scenario.ts";
import { installTestJobApplication } from "./lib/testjob.ts";

describe("uninstall keeping the HA state, then install again", () => {
  let rest: FlinkRest;
  let before: BeforeFault;
  const ctx = useScenario("keep", async (s) => {
    const started = await installTestJobApplication(s, {
      valuesFiles: ["values-examples/application-ha.yaml"],
      values: { highAvailability: { keepConfigMapsOnUninstall: true } },
      pods: 3,
    });
    rest = started.rest;
    before = await beforeFault(rest, started.jid);
  });

  it("keeps the HA ConfigMaps and the data volume on helm uninstall, and nothing else", async () => {
    const s = ctx.s;
    await s.uninstall();
    const left = await s.leftovers();
    expect(left).toContain(`configmap/${s.release}-cluster-config-map`);
    expect(left).toContain(`configmap/${s.release}-${before.jid}-config-map`);
    expect(left).toContain(`persistentvolumeclaim/${s.release}-data`);
    expect(left.filter((o) => !o.startsWith("configmap/") && o !== `persistentvolumeclaim/${s.release}-data`)).toEqual(
      [],
    );
  });

  it("resumes the job from its latest checkpoint when the release is installed again", async () => {
    const s = ctx.s;
    s.timings.mark("fault");
    await s.installAgain();
    await expectRecovered(s, rest, before, "uninstall and install");
  });
});
