// StatefulSet TaskManagers with a volume each (values-examples/statefulset-local-recovery.yaml): a
// TaskManager pod is deleted, comes back with the same name and volume, and the job recovers. With
// local recovery on, Flink's own restore log shows the keyed state came from the local copy in the
// TaskManager's working directory (IncrementalLocalKeyedStateHandle); with it off, from the checkpoint
// storage (IncrementalRemoteKeyedStateHandle). The test job proves the state intact both times.
import { describe, expect, it } from "vitest";
import { deletePod } from "../../harness/faults.ts";
import type { FlinkRest } from "../../harness/flink-rest.ts";
import { waitFor } from "../../harness/log.ts";
import type { Release } from "../../harness/release.ts";
import { installTestJobApplication, waitCheckpointAfter } from "../../harness/testjob.ts";
import { beforeFault, expectRecovered } from "./lib/recovery.ts";
import { useRelease } from "./lib/suite.ts";

/** Logged (INFO) by RocksDB's incremental restore with the state handles it restores from. */
const RESTORE_LINE = /Starting RocksDB incremental recovery in operator .*State Handles=\[(\w+)/g;

interface PodIdentity {
  uid: string;
  claim: string;
  volume: string;
}

async function identity(r: Release, name: string): Promise<PodIdentity> {
  const pod = await r.core.readNamespacedPod({ name, namespace: r.namespace });
  const claim = pod.spec?.volumes?.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName ?? "";
  const pvc = await r.core.readNamespacedPersistentVolumeClaim({ name: claim, namespace: r.namespace });
  return { uid: pod.metadata?.uid ?? "", claim, volume: pvc.spec?.volumeName ?? "" };
}

/** The state-handle types the restarted TaskManager restored its keyed state from. */
async function restoredHandleTypes(r: Release, pod: string): Promise<string[]> {
  return waitFor({ what: `${pod} to log its keyed-state restore`, timeoutMs: 180_000 }, async () => {
    const types = [...(await r.podLog(pod, "taskmanager")).matchAll(RESTORE_LINE)].map((m) => m[1]!);
    return { done: types.length ? types : undefined, status: `${types.length} restore lines` };
  });
}

describe.each([
  { localRecovery: true, expected: "IncrementalLocalKeyedStateHandle" },
  { localRecovery: false, expected: "IncrementalRemoteKeyedStateHandle" },
])("StatefulSet TaskManagers, local recovery $localRecovery", ({ localRecovery, expected }) => {
  let rest: FlinkRest;
  let jid = "";
  const ctx = useRelease(localRecovery ? "local-recovery" : "remote-recovery", async (r) => {
    ({ rest, jid } = await installTestJobApplication(r, {
      valuesFiles: ["values-examples/statefulset-local-recovery.yaml"],
      values: { taskManager: { localRecovery: { enabled: localRecovery } } },
      pods: 3,
    }));
  });

  it(`restores a deleted TaskManager's state from ${localRecovery ? "its local disk" : "the checkpoint storage"}, state intact`, async () => {
    const r = ctx.r;
    const tm = await r.taskManagerPodName(0);
    // A few checkpoints, so that the local copy (when enabled) holds a completed incremental checkpoint.
    await waitCheckpointAfter(rest, jid, 2);
    const before = await beforeFault(rest, jid);
    const old = await identity(r, tm);
    r.timings.mark("fault");
    await deletePod(r, tm);
    await expectRecovered(r, rest, before, "TaskManager pod deleted");
    const now = await identity(r, tm);
    expect(now.uid, "a new pod").not.toBe(old.uid);
    expect(now.claim, "the same PVC").toBe(old.claim);
    expect(now.volume, "the same volume").toBe(old.volume);
    const types = await restoredHandleTypes(r, tm);
    expect(new Set(types)).toEqual(new Set([expected]));
  });
});
