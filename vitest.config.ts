import { defineConfig } from "vitest/config";

// Three projects, by what they need:
//   unit: render tests and the chart's generated files (helm only), `npm run test:unit`;
//   repo: the chart repository (package, HTTP repo, OCI registry, provenance, ct lint), which also
//         needs the distribution registry, ct with its venv and gpg, `npm run test:repo`;
//   e2e:  releases in a kind cluster (Docker, images), `npm run test:e2e`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          globalSetup: ["test/unit/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "repo",
          include: ["test/repo/**/*.test.ts"],
          globalSetup: ["test/repo/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
