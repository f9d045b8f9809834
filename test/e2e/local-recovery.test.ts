// Scenario 5: StatefulSet TaskManagers with a volume each (values-examples/statefulset-local-recovery.yaml).
// A TaskManager pod is deleted; it comes back with the same name and volume, and the job recovers. With
// local recovery on, Flink's own restore log shows the keyed state came from the local copy in the
// TaskManager's working directory (IncrementalLocalKeyedStateHandle); with it off, from the checkpoint
// storage (IncrementalRemoteKeyedStateHandle). The test job proves the state intact both times.
import { describe, expect, it } from "vitest";
import type { FlinkRest } from "../../scripts/lib/flink-rest.ts";
import { waitFor } from "../../scripts/lib/log.ts";
import { deletePod } from "./lib/faults.ts";
import { beforeFault, expectRecovered } from "./lib/recovery.ts";
import { useScenario, type Scenario } from "./lib/scenario.ts";
import { installTestJobApplication, waitCheckpointAfter } from "./lib/testjob.ts";

const TM = "flink-taskmanager-0";
/** Logged (INFO) by RocksDB's incremental restore with the state handles it restores from. */
const RESTORE_LINE = /Starting RocksDB incremental recovery in operator .*State Handles=\[(\w+)/g;

interface PodIdentity {
  uid: string;
  claim: string;
  volume: string;
}

async function identity(s: Scenario): Promise<PodIdentity> {
  const pod = await s.core.readNamespacedPod({ name: TM, namespace: s.namespace });
  const claim = pod.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName ?? "";
  const pvc = await s.core.readNamespacedPersistentVolumeClaim({ name: claim, namespace: s.namespace });
  return { uid: pod.metadata?.uid ?? "", claim, volume: pvc.spec?.volumeName ?? "" };
}

/** The state-handle types the restarted TaskManager restored its keyed state from. */
async function restoredHandleTypes(s: Scenario): Promise<string[]> {
  return waitFor({ what: `${TM} to log its keyed-state restore`, timeoutMs: 180_000 }, async () => {
    const log = await s.core.readNamespacedPodLog({ name: TM, namespace: s.namespace, container: "taskmanager" });
    const types = [...log.matchAll(RESTORE_LINE)].map((m) => m[1]!);
    return { done: types.length ? types : undefined, status: `${types.length} restore lines` };
  });
}

describe.each([
  { localRecovery: true, expected: "IncrementalLocalKeyedStateHandle" },
  { localRecovery: false, expected: "IncrementalRemoteKeyedStateHandle" },
])("StatefulSet TaskManagers, local recovery $localRecovery", ({ localRecovery, expected }) => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useScenario(localRecovery ? "local-recovery" : "remote-recovery", async (s) => {
    ({ rest, jid } = await installTestJobApplication(s, {
      valuesFiles: ["values-examples/statefulset-local-recovery.yaml"],
      values: { taskManager: { localRecovery: { enabled: localRecovery } } },
      pods: 3,
    }));
  });

  it(`restores a deleted TaskManager's state from ${localRecovery ? "its local disk" : "the checkpoint storage"}, state intact`, async () => {
    const s = ctx.s;
    // A few checkpoints, so that the local copy (when enabled) holds a completed incremental checkpoint.
    await waitCheckpointAfter(rest, jid, 2);
    const before = await beforeFault(rest, jid);
    const old = await identity(s);
    s.timings.mark("fault");
    await deletePod(s, TM);
    await expectRecovered(s, rest, before, "TaskManager pod deleted");
    const now = await identity(s);
    expect(now.uid, "a new pod").not.toBe(old.uid);
    expect(now.claim, "the same PVC").toBe(old.claim);
    expect(now.volume, "the same volume").toBe(old.volume);
    const types = await restoredHandleTypes(s);
    expect(new Set(types)).toEqual(new Set([expected]));
  });
});
