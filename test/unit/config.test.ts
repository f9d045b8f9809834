// The ConfigMap carries config.yaml and log4j-console.properties; defaults follow the Flink
// docs; flinkConfiguration is merged over them and emitted as strict, flat, sorted YAML.
import { describe, expect, it } from "vitest";
import { parseStrictYaml, render, renderError } from "../lib/render.ts";

const defaults = render();

describe("config.yaml", () => {
  const conf = defaults.flinkConfig();

  it("lives in the <fullname>-config ConfigMap next to log4j-console.properties", () => {
    const cm = defaults.get("ConfigMap", "rel-flink-config");
    expect(Object.keys(cm.data ?? {}).sort()).toEqual(["config.yaml", "log4j-console.properties"]);
    expect(defaults.sourceOf("ConfigMap", "rel-flink-config")).toBe("flink/templates/flink-config-configmap.yaml");
  });

  it("has the Flink docs' defaults", () => {
    expect(conf).toMatchObject({
      "jobmanager.rpc.address": "rel-flink-jobmanager",
      "jobmanager.rpc.port": 6123,
      "blob.server.port": 6124,
      "taskmanager.rpc.port": 6122,
      "rest.port": 8081,
      "taskmanager.numberOfTaskSlots": 2,
      "jobmanager.memory.process.size": "1600m",
      "taskmanager.memory.process.size": "1728m",
      "parallelism.default": 2,
      "jobmanager.bind-host": "0.0.0.0",
      "taskmanager.bind-host": "0.0.0.0",
      "rest.bind-address": "0.0.0.0",
    });
  });

  it("carries the Java 17 module options of the distribution config (it replaces the image's file)", () => {
    const opts = String(conf["env.java.default-opts.all"]);
    for (const flag of [
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
    ]) {
      expect(opts).toContain(flag);
    }
  });

  it("is flat: only dotted top-level keys, no nested maps, sorted", () => {
    const keys = Object.keys(conf);
    expect(keys).toEqual([...keys].sort());
    for (const v of Object.values(conf)) expect(typeof v === "object" && v !== null && !Array.isArray(v)).toBe(false);
    const raw = defaults.get("ConfigMap", "rel-flink-config").data!["config.yaml"]!;
    for (const line of raw.split("\n").filter((l) => l && !l.startsWith("#")))
      expect(line).toMatch(/^[A-Za-z0-9."_-]+: \S/);
  });

  it("lets flinkConfiguration override any default and add keys", () => {
    const c = render({
      values: {
        flinkConfiguration: {
          "parallelism.default": 8,
          "state.backend.type": "rocksdb",
          "jobmanager.rpc.address": "elsewhere",
        },
      },
    }).flinkConfig();
    expect(c["parallelism.default"]).toBe(8);
    expect(c["state.backend.type"]).toBe("rocksdb");
    expect(c["jobmanager.rpc.address"]).toBe("elsewhere");
  });

  it("flattens nested maps into dotted keys", () => {
    const c = render({
      values: { flinkConfiguration: { execution: { checkpointing: { interval: "10 s", mode: "EXACTLY_ONCE" } } } },
    }).flinkConfig();
    expect(c["execution.checkpointing.interval"]).toBe("10 s");
    expect(c["execution.checkpointing.mode"]).toBe("EXACTLY_ONCE");
    expect(c.execution).toBeUndefined();
  });

  it("fails when a key is given both flat and nested", () => {
    expect(renderError({ values: { flinkConfiguration: { "a.b": 1, a: { b: 2 } } } })).toMatch(
      /flinkConfiguration: key "a.b" is given twice/,
    );
  });

  it("removes a chart default set to null", () => {
    const c = render({
      values: { flinkConfiguration: { "jobmanager.execution.failover-strategy": null } },
    }).flinkConfig();
    expect(c).not.toHaveProperty("jobmanager.execution.failover-strategy");
  });

  it("keeps YAML-special values intact under a strict YAML 1.2 parser", () => {
    const tricky = {
      "custom.colon": "a: b",
      "custom.hash": "x #y",
      "custom.quote": 'it\'s "quoted"',
      "custom.star": "*anchor",
      "custom.bool-string": "true",
      "custom.number-string": "0123",
      "custom.braces": "${POD_NAME}",
      "custom.list": ["a", "b"],
      "custom.uri": "s3://bucket/path",
      "custom.float": 0.75,
    };
    const c = render({ values: { flinkConfiguration: tricky } }).flinkConfig();
    for (const [k, v] of Object.entries(tricky)) expect(c[k]).toEqual(v);
  });

  it("is parsed by a parser that rejects duplicate keys", () => {
    expect(() => parseStrictYaml("a: 1\na: 2\n")).toThrow(/duplicated mapping key/);
  });
});

describe("log4j-console.properties", () => {
  it("has console and rolling-file appenders at root level INFO by default", () => {
    const l = defaults.log4j();
    expect(l).toMatch(/^rootLogger\.level = INFO$/m);
    expect(l).toMatch(/^rootLogger\.appenderRef\.console\.ref = ConsoleAppender$/m);
    expect(l).toMatch(/^rootLogger\.appenderRef\.rolling\.ref = RollingFileAppender$/m);
    expect(l).toMatch(/^appender\.rolling\.fileName = \$\{sys:log\.file\}$/m);
    expect(l).toMatch(/^appender\.rolling\.strategy\.max = 10$/m);
  });

  it("takes the root level, extra loggers, rolling limits and extra lines from values", () => {
    const l = render({
      values: {
        logging: {
          rootLevel: "DEBUG",
          loggers: { "org.apache.flink.runtime.checkpoint": "TRACE" },
          rollingFile: { maxFileSize: "10MB", maxBackups: 3 },
          extraConfig: "logger.x.name = x",
        },
      },
    }).log4j();
    expect(l).toMatch(/^rootLogger\.level = DEBUG$/m);
    expect(l).toMatch(
      /^logger\.chart1\.name = org\.apache\.flink\.runtime\.checkpoint\nlogger\.chart1\.level = TRACE$/m,
    );
    expect(l).toMatch(/size\.size = 10MB/);
    expect(l).toMatch(/strategy\.max = 3/);
    expect(l).toContain("logger.x.name = x");
  });

  it("drops an appender that is turned off", () => {
    const l = render({ values: { logging: { rollingFile: { enabled: false } } } }).log4j();
    expect(l).not.toMatch(/RollingFile/);
    expect(l).toMatch(/ConsoleAppender/);
  });
});
