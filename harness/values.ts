// Typed chart values: the type is generated from values.schema.json (`npm run gen:types`), the
// defaults are read from values.yaml, and ajv checks any values object against the schema.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import yaml from "js-yaml";
import { repoRoot } from "./versions.ts";
import type { FlinkChartValues } from "./chart-values.d.ts";

export type { FlinkChartValues };

/** Values a test overrides: any subset of the chart's values, nested. */
export type ValuesOverride = DeepPartial<FlinkChartValues>;
export type DeepPartial<T> = T extends (infer U)[]
  ? U[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | null }
    : T;

export const valuesPath = path.join(repoRoot, "charts/flink/values.yaml");
export const schemaPath = path.join(repoRoot, "charts/flink/values.schema.json");

export function defaultValues(): FlinkChartValues {
  return yaml.load(readFileSync(valuesPath, "utf8")) as FlinkChartValues;
}

export function loadValuesFile(file: string): FlinkChartValues {
  return (yaml.load(readFileSync(path.isAbsolute(file) ? file : path.join(repoRoot, file), "utf8")) ??
    {}) as FlinkChartValues;
}

let validator: ValidateFunction | undefined;

/** ajv (draft-07) errors of `values` against values.schema.json; empty when valid. */
export function schemaErrors(values: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
    validator = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object);
  }
  if (validator(values)) return [];
  return (validator.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}
