// The Kubernetes schema validator is strict: unknown fields and wrong types fail. Custom resources
// outside the Kubernetes spec are limited to an explicit allow-list with hand-written schemas.
import { describe, expect, it } from "vitest";
import { customResourceSchemas, k8sValidator } from "../../harness/k8s-schema.ts";
import { render, type K8sObject } from "../lib/render.ts";

describe("Kubernetes API validation", () => {
  const m = render();
  const deployment = (): K8sObject => structuredClone(m.all("Deployment")[0]!);

  it("accepts the default rendering", () => {
    expect(m.all().flatMap((o) => k8sValidator().errors(o))).toEqual([]);
  });

  it("rejects a misspelled field (imagePullPolcy)", () => {
    const d = deployment() as K8sObject & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    d.spec.template.spec.containers[0]!.imagePullPolcy = "Always";
    expect(k8sValidator().errors(d).join("\n")).toMatch(/imagePullPolcy/);
  });

  it("rejects a wrong type (replicas as a string) and an unknown top-level field", () => {
    const d = deployment() as K8sObject & { spec: Record<string, unknown> };
    d.spec.replicas = "two";
    d.extra = true;
    const errors = k8sValidator().errors(d).join("\n");
    expect(errors).toMatch(/replicas/);
    expect(errors).toMatch(/extra/);
  });

  it("accepts int-or-string ports and numeric quantities", () => {
    const d = deployment() as K8sObject & {
      spec: { template: { spec: { containers: { resources: unknown; livenessProbe?: unknown }[] } } };
    };
    d.spec.template.spec.containers[0]!.resources = { requests: { cpu: 1, memory: "1Gi" } };
    d.spec.template.spec.containers[0]!.livenessProbe = { tcpSocket: { port: 6123 } };
    expect(k8sValidator().errors(d)).toEqual([]);
  });

  it("knows only PodMonitor and ServiceMonitor outside the Kubernetes spec", () => {
    expect(Object.keys(customResourceSchemas).sort()).toEqual([
      "monitoring.coreos.com/v1/PodMonitor",
      "monitoring.coreos.com/v1/ServiceMonitor",
    ]);
    expect(() =>
      k8sValidator().errors({ apiVersion: "example.com/v1", kind: "Thing", metadata: { name: "x" } }),
    ).toThrow(/neither/);
  });

  it("checks custom resources strictly too", () => {
    const monitors = render({
      values: { metrics: { enabled: true, podMonitor: { enabled: true }, serviceMonitor: { enabled: true } } },
    });
    const pm = structuredClone(monitors.all("PodMonitor")[0]!) as K8sObject & { spec: Record<string, unknown> };
    expect(k8sValidator().errors(pm)).toEqual([]);
    pm.spec.podMetricEndpoints = [];
    expect(k8sValidator().errors(pm).join("\n")).toMatch(/podMetricEndpoints/);
  });
});
