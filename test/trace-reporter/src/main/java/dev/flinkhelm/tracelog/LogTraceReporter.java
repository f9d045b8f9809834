package dev.flinkhelm.tracelog;

import java.util.Map;
import java.util.TreeMap;

import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.traces.Span;
import org.apache.flink.traces.reporter.TraceReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every span Flink reports (for example {@code JobInitialization} with its
 * {@code sumRestoredStateSizeBytes.LOCAL_DISK} / {@code .REMOTE} attributes, or {@code Checkpoint})
 * as one INFO line: {@code FLINK-HELM-SPAN {"scope":...,"name":...,"startTsMillis":...,
 * "endTsMillis":...,"attributes":{...},"children":[...]}}. The JSON is written here by hand (no
 * dependency): strings are escaped, numbers and booleans are written as they are.
 */
public class LogTraceReporter implements TraceReporter {
  /** Prefix of every line, for grepping a log. */
  public static final String PREFIX = "FLINK-HELM-SPAN ";

  private static final Logger LOG = LoggerFactory.getLogger(LogTraceReporter.class);

  @Override
  public void open(MetricConfig config) {
    LOG.info("flink-helm log trace reporter started: spans are logged as '{}<json>'", PREFIX.trim());
  }

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedSpan(Span span) {
    LOG.info(PREFIX + toJson(span));
  }

  /** The span as a JSON object (children nested). */
  public static String toJson(Span span) {
    StringBuilder b = new StringBuilder(256);
    append(b, span);
    return b.toString();
  }

  private static void append(StringBuilder b, Span span) {
    b.append("{\"scope\":");
    string(b, span.getScope());
    b.append(",\"name\":");
    string(b, span.getName());
    b.append(",\"startTsMillis\":").append(span.getStartTsMillis());
    b.append(",\"endTsMillis\":").append(span.getEndTsMillis());
    b.append(",\"attributes\":{");
    boolean first = true;
    Map<String, Object> sorted = new TreeMap<>(span.getAttributes());
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, e.getKey());
      b.append(':');
      value(b, e.getValue());
    }
    b.append('}');
    if (span.getChildren() != null && !span.getChildren().isEmpty()) {
      b.append(",\"children\":[");
      for (int i = 0; i < span.getChildren().size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        append(b, span.getChildren().get(i));
      }
      b.append(']');
    }
    b.append('}');
  }

  private static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Number && isFinite((Number) v)) {
      b.append(v);
    } else {
      string(b, String.valueOf(v));
    }
  }

  private static boolean isFinite(Number n) {
    double d = n.doubleValue();
    return !Double.isNaN(d) && !Double.isInfinite(d);
  }

  static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
