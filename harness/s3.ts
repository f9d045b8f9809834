// An S3-compatible object store inside a release's namespace (gofakes3, in-memory, one bucket), the
// Secret with the credentials the chart reads (storage.s3.existingSecret), and a bucket listing
// through a 127.0.0.1 port forward. gofakes3 accepts any signature: the test proves that Flink
// reaches the store with the Secret's keys wired in, not AWS's access control.
import { forwardService } from "./portforward.ts";
import { waitFor } from "./log.ts";
import type { Release } from "./release.ts";

export const S3_BUCKET = "flink";
export const S3_SECRET = "flink-s3-credentials";
/** Distinctive so a test can prove it appears in no ConfigMap. */
export const S3_SECRET_ACCESS_KEY = "e2e-secret-key-never-in-configmaps";

/** Deploys the store (`image`) as Service `s3` (port 9000), creates the credentials Secret; returns the endpoint. */
export async function deployS3(s: Release, image: string): Promise<string> {
  const labels = { app: "s3" };
  await s.core.createNamespacedSecret({
    namespace: s.namespace,
    body: {
      metadata: { name: S3_SECRET },
      stringData: { "access-key-id": "e2e-access-key", "secret-access-key": S3_SECRET_ACCESS_KEY },
    },
  });
  await s.core.createNamespacedService({
    namespace: s.namespace,
    body: {
      metadata: { name: "s3", labels },
      spec: { selector: labels, ports: [{ name: "s3", port: 9000, targetPort: 9000 }] },
    },
  });
  await s.cluster.kubectl(
    ["-n", s.namespace, "apply", "-f", "-"],
    JSON.stringify({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "s3", labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "s3",
                image,
                imagePullPolicy: "Never",
                args: ["-backend", "memory", "-initialbucket", S3_BUCKET, "-host", ":9000", "-quiet"],
                ports: [{ containerPort: 9000 }],
                readinessProbe: { tcpSocket: { port: 9000 }, periodSeconds: 1 },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                  readOnlyRootFilesystem: true,
                },
              },
            ],
          },
        },
      },
    }),
  );
  await s.cluster.kubectl(["-n", s.namespace, "rollout", "status", "deployment/s3", "--timeout=120s"]);
  return `http://s3.${s.namespace}.svc.cluster.local:9000`;
}

/** The object keys under `prefix` in the bucket (ListObjectsV2, up to 1000). */
export async function listObjects(s: Release, prefix: string): Promise<string[]> {
  const fwd = await forwardService(s.kc, s.namespace, "s3", 9000);
  try {
    return await waitFor({ what: `S3 listing of ${S3_BUCKET}/${prefix}`, timeoutMs: 30_000 }, async () => {
      const r = await fetch(`${fwd.url}/${S3_BUCKET}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
      if (!r.ok) return { status: `HTTP ${r.status}` };
      const xml = await r.text();
      return { done: [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1] ?? ""), status: "listed" };
    });
  } finally {
    await fwd.close();
  }
}
