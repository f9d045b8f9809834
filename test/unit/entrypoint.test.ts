// How the configuration reaches /opt/flink/conf, and why no setting is lost to the official image's
// entrypoint: it rewrites conf/config.yaml (jobmanager.rpc.address from $JOB_MANAGER_RPC_ADDRESS,
// blob.server.port=6124, query.server.port=6125, taskmanager.numberOfTaskSlots from
// $TASK_MANAGER_NUMBER_OF_TASK_SLOTS, then FLINK_PROPERTIES), and `-D` arguments win over the file.
import type { V1Container } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { container, envValue, podTemplate, render, renderError, type Manifest } from "../lib/render.ts";
import type { ValuesOverride } from "../../harness/values.ts";

/** The configuration a Flink process ends up with: the entrypoint's rewrite, then -D arguments. */
function effectiveConfig(conf: Record<string, unknown>, c: V1Container): Record<string, unknown> {
  const out: Record<string, unknown> = { ...conf };
  out["jobmanager.rpc.address"] = envValue(c, "JOB_MANAGER_RPC_ADDRESS") ?? "<pod hostname>";
  out["blob.server.port"] = "6124";
  out["query.server.port"] = "6125";
  const slots = envValue(c, "TASK_MANAGER_NUMBER_OF_TASK_SLOTS");
  if (slots) out["taskmanager.numberOfTaskSlots"] = slots;
  const args = c.args ?? [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const kv = a === "-D" ? args[++i] : a.startsWith("-D") ? a.slice(2) : undefined;
    if (!kv) continue;
    const eq = kv.indexOf("=");
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

function flinkContainers(m: Manifest): V1Container[] {
  return [
    container(podTemplate(m.get("Deployment", "rel-flink-jobmanager")), "jobmanager"),
    container(
      podTemplate(m.all("Deployment").length > 1 ? m.get("Deployment", "rel-flink-taskmanager") : m.get("StatefulSet")),
      "taskmanager",
    ),
  ];
}

const cases: [string, ValuesOverride][] = [
  ["defaults", {}],
  ["a custom blob port", { jobManager: { ports: { blob: 7124 } } }],
  [
    "custom slots and rpc address",
    { taskManager: { numberOfTaskSlots: 4 }, flinkConfiguration: { "jobmanager.rpc.address": "flink-jm.example" } },
  ],
  ["slots set through flinkConfiguration", { flinkConfiguration: { "taskmanager.numberOfTaskSlots": 3 } }],
  [
    "application mode with HA",
    {
      mode: "application",
      application: { jobClassName: "a.B" },
      highAvailability: { enabled: true, storageDir: "file:///x" },
    },
  ],
  ["StatefulSet TaskManagers", { taskManager: { kind: "StatefulSet" } }],
];

describe.each(cases)("entrypoint rewrite with %s", (_name, values) => {
  const m = render({ values });
  const conf = m.flinkConfig();
  for (const c of flinkContainers(m)) {
    it(`keeps every key the entrypoint touches at its configured value (${c.name})`, () => {
      const eff = effectiveConfig(conf, c);
      // With HA, each JobManager deliberately advertises its own pod IP instead of the Service name.
      const advertisesPodIp = c.name === "jobmanager" && conf["high-availability.type"] === "kubernetes";
      for (const key of ["jobmanager.rpc.address", "blob.server.port", "taskmanager.numberOfTaskSlots"]) {
        const expected = key === "jobmanager.rpc.address" && advertisesPodIp ? "$(POD_IP)" : String(conf[key]);
        expect(String(eff[key]), key).toBe(expected);
      }
    });
  }
});

describe("configuration delivery", () => {
  const m = render();
  for (const t of [
    podTemplate(m.get("Deployment", "rel-flink-jobmanager")),
    podTemplate(m.get("Deployment", "rel-flink-taskmanager")),
  ]) {
    const main = t.spec!.containers[0]!;
    it(`copies the ConfigMap into a writable emptyDir at /opt/flink/conf (${main.name})`, () => {
      const init = container(t, "flink-config");
      expect(t.spec!.initContainers![0]!.name).toBe("flink-config");
      expect(init.volumeMounts).toContainEqual({
        name: "flink-config-template",
        mountPath: "/opt/flink/conf-template",
        readOnly: true,
      });
      expect(init.volumeMounts).toContainEqual({ name: "flink-conf", mountPath: "/mnt/conf" });
      expect(init.command?.join(" ")).toMatch(
        /cp -L \/opt\/flink\/conf-template\/config\.yaml \/opt\/flink\/conf-template\/log4j-console\.properties \/mnt\/conf\//,
      );
      // The emptyDir itself belongs to root (group fsGroup): chmod on it fails as uid 9999 and, with `sh -e`, kills the pod.
      expect(init.command?.join(" ")).not.toMatch(/chmod[^\n]*\/mnt\/conf(\/\.)?(\s|$)/);
      expect(init.command?.[1]).toBe("-ec");
      expect(init.image).toBe(main.image);
      const conf = main.volumeMounts?.find((v) => v.mountPath === "/opt/flink/conf");
      expect(conf).toEqual({ name: "flink-conf", mountPath: "/opt/flink/conf" });
      expect(t.spec!.volumes).toContainEqual({ name: "flink-conf", emptyDir: {} });
      expect(t.spec!.volumes).toContainEqual({
        name: "flink-config-template",
        configMap: { name: "rel-flink-config" },
      });
      expect(main.volumeMounts?.some((v) => v.name === "flink-config-template")).toBe(false);
      expect(main.securityContext?.readOnlyRootFilesystem).toBe(true);
    });

    it(`never uses FLINK_PROPERTIES (${main.name})`, () => {
      expect(main.env?.some((e) => e.name === "FLINK_PROPERTIES")).toBe(false);
    });
  }

  it("passes blob.server.port as a two-word -D to the JobManager (jobmanager.sh only forwards that form)", () => {
    const jm = container(
      podTemplate(
        render({ values: { jobManager: { ports: { blob: 7124 } } } }).get("Deployment", "rel-flink-jobmanager"),
      ),
      "jobmanager",
    );
    expect(jm.args).toEqual(["jobmanager", "-D", "blob.server.port=7124"]);
  });

  it("refuses extra env that would override what the chart manages", () => {
    for (const name of [
      "FLINK_PROPERTIES",
      "JOB_MANAGER_RPC_ADDRESS",
      "TASK_MANAGER_NUMBER_OF_TASK_SLOTS",
      "ENABLE_BUILT_IN_PLUGINS",
    ]) {
      expect(renderError({ values: { taskManager: { extraEnv: [{ name, value: "x" }] } } })).toMatch(
        new RegExp(`taskManager\\.extraEnv: ${name} is managed by the chart`),
      );
    }
  });
});
