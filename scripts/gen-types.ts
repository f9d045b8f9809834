// npm run gen:types: writes test/lib/chart-values.d.ts, the TypeScript type of the chart's values, from
// charts/flink/values.schema.json. A unit test fails when the checked-in file is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compile, type JSONSchema } from "json-schema-to-typescript";
import { resolveConfig } from "prettier";
import { repoRoot } from "./lib/versions.ts";

export const schemaPath = path.join(repoRoot, "charts/flink/values.schema.json");
export const typesPath = path.join(repoRoot, "test/lib/chart-values.d.ts");

export async function generateValuesTypes(): Promise<string> {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as JSONSchema;
  return compile(schema, "FlinkChartValues", {
    bannerComment: "/* Generated from charts/flink/values.schema.json by `npm run gen:types`; do not edit. */",
    additionalProperties: false,
    // The repository's own prettier settings (.prettierrc.json), so `npm run format` leaves the file alone.
    style: (await resolveConfig(typesPath)) ?? {},
    format: true,
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(typesPath, await generateValuesTypes());
  console.log(`wrote ${path.relative(repoRoot, typesPath)}`);
}
