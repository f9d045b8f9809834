package dev.flinkhelm.tracelog;

import java.util.Properties;

import org.apache.flink.traces.reporter.TraceReporter;
import org.apache.flink.traces.reporter.TraceReporterFactory;

/**
 * Creates a {@link LogTraceReporter}. Configure it with
 * {@code traces.reporter.<name>.factory.class: dev.flinkhelm.tracelog.LogTraceReporterFactory}.
 */
public class LogTraceReporterFactory implements TraceReporterFactory {
  @Override
  public TraceReporter createTraceReporter(Properties properties) {
    return new LogTraceReporter();
  }
}
