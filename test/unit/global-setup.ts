// The render tests need nothing but the pinned helm binaries (both majors): obtained here before any
// test starts. A helm that cannot be obtained stops the suite with one message saying what to run.
import { setupTool } from "../../harness/tools.ts";

export default function setup(): void {
  for (const tool of ["helm3", "helm4"] as const) setupTool(tool, "unit");
}
