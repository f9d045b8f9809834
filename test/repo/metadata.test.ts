// Chart.yaml and artifacthub-repo.yml are what a chart repository and Artifact Hub publish: strict
// SemVer version, appVersion = FLINK_VERSION, a kubeVersion range Helm enforces, and Artifact Hub
// annotations that parse and match what the chart deploys.
import { readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { compareSemVer, parseSemVer } from "../../harness/semver.ts";
import { repoRoot, versions } from "../../harness/versions.ts";
import { chartDir, helmTemplate, helmMajors } from "../../harness/helm.ts";

interface ChartYaml {
  apiVersion: string;
  name: string;
  version: string;
  appVersion: string;
  kubeVersion: string;
  description: string;
  home: string;
  icon: string;
  sources: string[];
  keywords: string[];
  maintainers: { name: string; email?: string; url?: string }[];
  annotations: Record<string, string>;
}

const chart = yaml.load(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as ChartYaml;
const annotation = <T>(key: string): T => yaml.load(chart.annotations[`artifacthub.io/${key}`] ?? "null") as T;
const https = /^https:\/\/[^\s/]+\.[^\s]+$/;

describe("Chart.yaml", () => {
  it("has a strict SemVer version (no v prefix, no missing parts)", () => {
    expect(parseSemVer(chart.version), chart.version).toBeDefined();
    expect(chart.apiVersion).toBe("v2");
  });

  it("has appVersion equal to FLINK_VERSION in versions.env", () => {
    expect(chart.appVersion).toBe(versions.FLINK_VERSION);
  });

  it.each(helmMajors)(
    "has a kubeVersion range that Helm %i enforces: the pinned Kubernetes passes, 1.26 is refused",
    (major) => {
      expect(chart.kubeVersion).toBe(">=1.27.0-0");
      expect(helmTemplate({ major }).code).toBe(0);
      const old = helmTemplate({ major, extraArgs: ["--kube-version", "v1.26.15"] });
      expect(old.code).not.toBe(0);
      expect(old.stderr).toMatch(
        /chart requires kubeVersion: >=1\.27\.0-0 which is incompatible with Kubernetes v1\.26\.15/,
      );
    },
  );

  it("has home, https sources and icon, keywords and named maintainers", () => {
    expect(chart.description.length).toBeGreaterThan(20);
    for (const url of [chart.home, chart.icon, ...chart.sources]) expect(url).toMatch(https);
    expect(chart.keywords).toEqual(expect.arrayContaining(["flink", "streaming"]));
    expect(chart.maintainers.length).toBeGreaterThan(0);
    for (const m of chart.maintainers) expect(m.name.trim()).not.toBe("");
  });
});

describe("Artifact Hub annotations", () => {
  it("uses a category Artifact Hub knows, and an SPDX license", () => {
    const categories = [
      "ai-machine-learning",
      "database",
      "integration-delivery",
      "monitoring-logging",
      "networking",
      "security",
      "storage",
      "streaming-messaging",
    ];
    expect(categories).toContain(chart.annotations["artifacthub.io/category"]);
    expect(chart.annotations["artifacthub.io/license"]).toBe("Apache-2.0");
    for (const flag of ["operator", "prerelease"])
      expect(["true", "false"]).toContain(chart.annotations[`artifacthub.io/${flag}`]);
    expect(chart.annotations["artifacthub.io/prerelease"]).toBe(
      String(parseSemVer(chart.version)!.prerelease.length > 0),
    );
  });

  it("lists exactly the images the chart deploys with its default values", () => {
    const images = annotation<{ name: string; image: string }[]>("images");
    for (const i of images) expect(Object.keys(i).sort()).toEqual(["image", "name"]);
    const rendered = helmTemplate();
    expect(rendered.code, rendered.stderr).toBe(0);
    const deployed = new Set([...rendered.stdout.matchAll(/^\s+image: "?([^"\s]+)"?$/gm)].map((m) => m[1]!));
    expect(images.map((i) => i.image).sort()).toEqual([...deployed].sort());
    expect(images.map((i) => i.image)).toContain(
      `docker.io/apache/flink:${versions.FLINK_VERSION}-scala_${versions.FLINK_SCALA_VERSION}`,
    );
  });

  it("has links with names and https URLs", () => {
    const links = annotation<{ name: string; url: string }[]>("links");
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) {
      expect(l.name.trim()).not.toBe("");
      expect(l.url).toMatch(https);
    }
  });

  it("has a structured changes list (kind and description per entry)", () => {
    const changes = annotation<{ kind: string; description: string; links?: unknown }[]>("changes");
    expect(Array.isArray(changes)).toBe(true);
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(["added", "changed", "deprecated", "removed", "fixed", "security"]).toContain(c.kind);
      expect(c.description.trim().length).toBeGreaterThan(10);
    }
  });
});

describe("charts/artifacthub-repo.yml", () => {
  const meta = yaml.load(readFileSync(path.join(repoRoot, "charts", "artifacthub-repo.yml"), "utf8")) as Record<
    string,
    unknown
  >;

  it("has only the keys Artifact Hub reads, in their shapes", () => {
    for (const k of Object.keys(meta)) expect(["repositoryID", "owners", "ignore"]).toContain(k);
    if (meta.repositoryID !== undefined)
      expect(meta.repositoryID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const o of (meta.owners ?? []) as { name?: string; email?: string }[])
      expect(o.email).toMatch(/^[^@\s]+@[^@\s]+$/);
  });

  it("ignores pre-releases of the chart and nothing else", () => {
    const ignore = meta.ignore as { name: string; version: string }[];
    expect(ignore.map((i) => i.name)).toEqual([chart.name]);
    const re = new RegExp(ignore[0]!.version);
    expect(re.test("0.3.0-rc.1")).toBe(true);
    expect(re.test(chart.version)).toBe(false);
    expect(re.test("1.10.0")).toBe(false);
  });
});

describe("strict SemVer (harness/semver.ts)", () => {
  it("rejects what Helm's strict parsing rejects", () => {
    for (const bad of ["v1.0.0", "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", " 1.0.0"])
      expect(parseSemVer(bad), bad).toBeUndefined();
    expect(parseSemVer("1.2.3-rc.1+build.5")).toEqual({
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: ["rc", "1"],
      build: "build.5",
    });
  });

  it("orders versions by SemVer precedence (semver.org's example chain)", () => {
    const chain = [
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.0.1",
      "1.1.0",
      "2.0.0",
    ];
    for (let i = 1; i < chain.length; i++) {
      expect(
        compareSemVer(parseSemVer(chain[i - 1]!)!, parseSemVer(chain[i]!)!),
        `${chain[i - 1]} < ${chain[i]}`,
      ).toBeLessThan(0);
      expect(compareSemVer(parseSemVer(chain[i]!)!, parseSemVer(chain[i - 1]!)!)).toBeGreaterThan(0);
    }
    expect(compareSemVer(parseSemVer("1.0.0+a")!, parseSemVer("1.0.0+b")!)).toBe(0);
    expect(compareSemVer(parseSemVer("0.10.0")!, parseSemVer("0.9.0")!)).toBeGreaterThan(0);
  });
});
