// Spans logged by flink-helm's log trace reporter (test/trace-reporter): `FLINK-HELM-SPAN {json}`.
export interface LoggedSpan {
  scope: string;
  name: string;
  startTsMillis: number;
  endTsMillis: number;
  attributes: Record<string, string | number | boolean | null>;
}

export function parseSpans(log: string, name?: string): LoggedSpan[] {
  const out: LoggedSpan[] = [];
  for (const line of log.split("\n")) {
    const i = line.indexOf("FLINK-HELM-SPAN {");
    if (i < 0) continue;
    try {
      const span = JSON.parse(line.slice(i + "FLINK-HELM-SPAN ".length)) as LoggedSpan;
      if (!name || span.name === name) out.push(span);
    } catch {
      // a line cut by the log reader; the next read has it whole
    }
  }
  return out;
}

/** A numeric span attribute, or 0 when Flink did not report it (e.g. no bytes from that location). */
export function numberAttr(span: LoggedSpan, key: string): number {
  const v = span.attributes[key];
  return typeof v === "number" ? v : 0;
}
