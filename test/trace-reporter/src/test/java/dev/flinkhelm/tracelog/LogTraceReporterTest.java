package dev.flinkhelm.tracelog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.traces.Span;
import org.junit.jupiter.api.Test;

class LogTraceReporterTest {

  @Test
  void writesASpanAsOneJsonObjectWithSortedAttributes() {
    Span span = Span.builder(LogTraceReporterTest.class, "JobInitialization")
        .setStartTsMillis(1000)
        .setEndTsMillis(2500)
        .setAttribute("sumRestoredStateSizeBytes.REMOTE", 1073741824L)
        .setAttribute("sumRestoredStateSizeBytes.LOCAL_DISK", 0L)
        .setAttribute("initializationStatus", "COMPLETED")
        .build();
    assertEquals(
        "{\"scope\":\"" + LogTraceReporterTest.class.getCanonicalName() + "\",\"name\":\"JobInitialization\","
            + "\"startTsMillis\":1000,\"endTsMillis\":2500,\"attributes\":{"
            + "\"initializationStatus\":\"COMPLETED\","
            + "\"sumRestoredStateSizeBytes.LOCAL_DISK\":0,"
            + "\"sumRestoredStateSizeBytes.REMOTE\":1073741824}}",
        LogTraceReporter.toJson(span));
  }

  @Test
  void escapesStrings() {
    StringBuilder b = new StringBuilder();
    LogTraceReporter.string(b, "a\"b\\c\nd\u0001");
    assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", b.toString());
  }
}
