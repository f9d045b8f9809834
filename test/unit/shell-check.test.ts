// npm run lint:shell finds every shell file by its `#!` line, directive or ending, checks it with the
// shell it is written for, and reports a syntax error with the file's name.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkShellFiles, dialectOf, shellFiles } from "../../scripts/check-shell.ts";

describe("shell check", () => {
  it("tells sh from bash by the #! line, a shellcheck directive or the .sh ending", () => {
    expect(dialectOf("x", "#!/bin/sh\necho")).toBe("sh");
    expect(dialectOf("x", "#!/usr/bin/env bash\necho")).toBe("bash");
    expect(dialectOf("lib.sh", "# helpers\n# shellcheck shell=bash\n")).toBe("bash");
    expect(dialectOf("files/x.sh", "echo hi\n")).toBe("sh");
    expect(dialectOf("README", "# not a script\n")).toBeUndefined();
  });

  it("covers the chart's files/*.sh, the image's scripts and the build scripts", () => {
    const files = shellFiles().map((f) => f.file);
    expect(files).toContain("charts/flink/files/leader-lock-release.sh");
    expect(files).toContain("scripts/lib/common.sh");
    expect(files).toContain("scripts/setup/runc-drop-sys-resource");
    expect(files.some((f) => f.startsWith("images/"))).toBe(true);
  });

  it("reports a file that does not parse, by name", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "flink-helm-shell-"));
    mkdirSync(path.join(root, "scripts"));
    writeFileSync(path.join(root, "scripts/broken.sh"), "#!/bin/sh\nif true; then\n  echo unterminated\n");
    const problems = checkShellFiles([{ file: "scripts/broken.sh", dialect: "sh" }], root);
    expect(problems.join("\n")).toMatch(/^scripts\/broken\.sh: sh -n: .*(end of file|unexpected)/m);
  });
});
