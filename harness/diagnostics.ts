// On failure: print what a human needs to see why pods are not running (events, describe, logs).
import { run } from "./exec.ts";
import { info } from "./log.ts";
import { ensureTool } from "./tools.ts";

/** Dumps events, `describe pods` and every container's logs (current and previous) of a namespace. */
export async function dumpNamespace(namespace: string, env: NodeJS.ProcessEnv): Promise<void> {
  const kubectl = ensureTool("kubectl");
  const k = async (title: string, args: string[], onlyIfOk = false) => {
    const r = await run(kubectl, ["-n", namespace, ...args], { env, stream: false, allowFailure: true });
    if (onlyIfOk && r.code !== 0) return;
    const body = (r.stdout + r.stderr).trim();
    if (body) process.stderr.write(`\n----- ${title} -----\n${body}\n`);
  };
  info(`diagnostics for namespace ${namespace}`);
  await k("pods", ["get", "pods,pvc,svc", "-o", "wide"]);
  await k("events", ["get", "events", "--sort-by=.lastTimestamp"]);
  await k("describe pods", ["describe", "pods"]);
  const pods = await run(
    kubectl,
    [
      "-n",
      namespace,
      "get",
      "pods",
      "-o",
      "jsonpath={range .items[*]}{.metadata.name}{' '}{range .spec.initContainers[*]}{.name}{','}{end}{range .spec.containers[*]}{.name}{','}{end}{'\\n'}{end}",
    ],
    { env, stream: false, allowFailure: true },
  );
  for (const line of pods.stdout.split("\n").filter(Boolean)) {
    const [pod, containers = ""] = line.split(" ");
    for (const c of containers.split(",").filter(Boolean)) {
      await k(`logs ${pod}/${c}`, ["logs", pod!, "-c", c, "--tail=200"]);
      await k(`logs ${pod}/${c} --previous`, ["logs", pod!, "-c", c, "--previous", "--tail=200"], true);
    }
  }
}
