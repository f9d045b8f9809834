// npm run gen:types: writes harness/chart-values.d.ts, the TypeScript type of the chart's values, from
// charts/flink/values.schema.json. A unit test fails when the checked-in file is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compile, type JSONSchema } from "json-schema-to-typescript";
import { format, resolveConfig } from "prettier";
import { repoRoot } from "../harness/versions.ts";

export const schemaPath = path.join(repoRoot, "charts/flink/values.schema.json");
export const typesPath = path.join(repoRoot, "harness/chart-values.d.ts");

export async function generateValuesTypes(): Promise<string> {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as JSONSchema;
  const code = await compile(schema, "FlinkChartValues", {
    bannerComment: "/* Generated from charts/flink/values.schema.json by `npm run gen:types`; do not edit. */",
    additionalProperties: false,
    format: false,
  });
  // Formatted as `npm run format` formats it (.prettierrc.json), so the check leaves the file alone.
  return format(code, { ...(await resolveConfig(typesPath)), filepath: typesPath });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  writeFileSync(typesPath, await generateValuesTypes());
  console.log(`wrote ${path.relative(repoRoot, typesPath)}`);
}
