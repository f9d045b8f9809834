// With highAvailability.keepConfigMapsOnUninstall the HA ConfigMaps (and the data volume they point
// into) survive `helm uninstall`, and a later `helm install` of the same release resumes the job from
// its latest checkpoint with its state intact.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { installTestJobApplication } from "../../harness/testjob.ts";
import { beforeFault, expectRecovered, type BeforeFault } from "./lib/recovery.ts";
import { useRelease } from "./lib/suite.ts";

describe("uninstall keeping the HA state, then install again", () => {
  let rest: FlinkRest;
  let before: BeforeFault;
  const ctx = useRelease("keep", async (r) => {
    const started = await installTestJobApplication(r, {
      valuesFiles: ["values-examples/application-ha.yaml"],
      values: { highAvailability: { keepConfigMapsOnUninstall: true } },
      pods: 3,
    });
    rest = started.rest;
    before = await beforeFault(rest, started.jid);
  });

  it("keeps the HA ConfigMaps and the data volume on helm uninstall, and nothing else", async () => {
    const r = ctx.r;
    await r.uninstall();
    const left = await r.leftovers();
    const data = `persistentvolumeclaim/${await r.dataClaimName()}`;
    expect(left).toContain(`configmap/${await r.leaderConfigMapName()}`);
    expect(left).toContain(`configmap/${await r.jobConfigMapName(before.jid)}`);
    expect(left).toContain(data);
    expect(left.filter((o) => !o.startsWith("configmap/") && o !== data)).toEqual([]);
  });

  it("resumes the job from its latest checkpoint when the release is installed again", async () => {
    const r = ctx.r;
    r.timings.mark("fault");
    await r.installAgain();
    await expectRecovered(r, rest, before, "uninstall and install");
  });
});
