// JobManager Service, REST Service (ClusterIP / NodePort / LoadBalancer), headless Service
// for StatefulSet TaskManagers, optional Ingress.
import type { V1Ingress } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { render } from "../lib/render.ts";

describe("JobManager Service", () => {
  const svc = render().get("Service", "rel-flink-jobmanager");
  it("is a ClusterIP Service with rpc 6123, blob 6124 and webui 8081 selecting the JobManagers", () => {
    expect(svc.spec?.type).toBe("ClusterIP");
    expect(svc.spec?.ports?.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ["rpc", 6123, "rpc"],
      ["blob", 6124, "blob"],
      ["webui", 8081, "webui"],
    ]);
    expect(svc.spec?.selector).toEqual({
      "app.kubernetes.io/name": "flink",
      "app.kubernetes.io/instance": "rel",
      "app.kubernetes.io/component": "jobmanager",
    });
  });

  it("takes annotations and labels from values", () => {
    const s = render({ values: { jobManager: { service: { annotations: { a: "1" }, labels: { l: "2" } } } } }).get(
      "Service",
      "rel-flink-jobmanager",
    );
    expect(s.metadata?.annotations).toEqual({ a: "1" });
    expect(s.metadata?.labels?.l).toBe("2");
  });
});

describe("REST Service", () => {
  it("is ClusterIP on 8081 by default", () => {
    const s = render().get("Service", "rel-flink-rest");
    expect(s.spec?.type).toBe("ClusterIP");
    expect(s.spec?.ports).toEqual([{ name: "rest", port: 8081, targetPort: "webui", protocol: "TCP" }]);
  });

  it("can be a NodePort with a chosen node port", () => {
    const s = render({ values: { rest: { service: { type: "NodePort", nodePort: 30081 } } } }).get(
      "Service",
      "rel-flink-rest",
    );
    expect(s.spec?.type).toBe("NodePort");
    expect(s.spec?.ports?.[0]?.nodePort).toBe(30081);
  });

  it("can be a NodePort with a node port chosen by Kubernetes", () => {
    const s = render({ values: { rest: { service: { type: "NodePort" } } } }).get("Service", "rel-flink-rest");
    expect(s.spec?.ports?.[0]?.nodePort).toBeUndefined();
  });

  it("can be a LoadBalancer with source ranges, traffic policy and annotations", () => {
    const s = render({
      values: {
        rest: {
          service: {
            type: "LoadBalancer",
            loadBalancerSourceRanges: ["10.0.0.0/8"],
            externalTrafficPolicy: "Local",
            annotations: { lb: "x" },
          },
        },
      },
    }).get("Service", "rel-flink-rest");
    expect(s.spec?.type).toBe("LoadBalancer");
    expect(s.spec?.loadBalancerSourceRanges).toEqual(["10.0.0.0/8"]);
    expect(s.spec?.externalTrafficPolicy).toBe("Local");
    expect(s.metadata?.annotations).toEqual({ lb: "x" });
  });
});

describe("REST Service session affinity", () => {
  const ha = { highAvailability: { enabled: true, storageDir: "file:///ha" } };
  it("is None with one JobManager", () => {
    expect(render().get("Service", "rel-flink-rest").spec?.sessionAffinity).toBe("None");
  });

  it("is ClientIP with standby JobManagers, so a jar upload and its run reach the same JobManager", () => {
    expect(
      render({ values: { ...ha, jobManager: { replicas: 2 } } }).get("Service", "rel-flink-rest").spec?.sessionAffinity,
    ).toBe("ClientIP");
  });

  it("can be set explicitly", () => {
    const s = render({
      values: { ...ha, jobManager: { replicas: 2 }, rest: { service: { sessionAffinity: "None" } } },
    }).get("Service", "rel-flink-rest");
    expect(s.spec?.sessionAffinity).toBe("None");
  });
});

describe("headless TaskManager Service", () => {
  it("exists for StatefulSet TaskManagers and is the StatefulSet's serviceName", () => {
    const m = render({ values: { taskManager: { kind: "StatefulSet" } } });
    const svc = m.get("Service", "rel-flink-taskmanager-headless");
    expect(svc.spec?.clusterIP).toBe("None");
    expect(svc.spec?.ports?.[0]).toMatchObject({ name: "rpc", port: 6122 });
    expect(m.get("StatefulSet").spec?.serviceName).toBe("rel-flink-taskmanager-headless");
  });

  it("does not exist for Deployment TaskManagers", () => {
    expect(render().find("Service", "rel-flink-taskmanager-headless")).toBeUndefined();
  });
});

describe("Ingress", () => {
  it("is off by default", () => {
    expect(render().all("Ingress")).toEqual([]);
  });

  it("routes the web UI to the REST Service", () => {
    const ing = render({
      values: {
        ingress: {
          enabled: true,
          className: "nginx",
          hosts: [{ host: "flink.example.com", paths: [{ path: "/", pathType: "Prefix" }] }],
          tls: [{ secretName: "t", hosts: ["flink.example.com"] }],
        },
      },
    }).all("Ingress")[0] as unknown as V1Ingress;
    expect(ing.spec?.ingressClassName).toBe("nginx");
    expect(ing.spec?.rules?.[0]?.host).toBe("flink.example.com");
    expect(ing.spec?.rules?.[0]?.http?.paths[0]?.backend.service).toEqual({
      name: "rel-flink-rest",
      port: { number: 8081 },
    });
    expect(ing.spec?.tls).toEqual([{ secretName: "t", hosts: ["flink.example.com"] }]);
  });
});
