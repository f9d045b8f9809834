package dev.flinkhelm.examples;

import java.util.Arrays;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Counts words. Input: the files given with --input (repeatable as a comma-separated list), or a
 * built-in text. Output: "(word,count)" lines on the TaskManagers' stdout. Runs in BATCH mode
 * (bounded input), or as given with --execution-mode STREAMING|BATCH|AUTOMATIC.
 */
public final class WordCount {
  private static final String[] TEXT = {
    "To be, or not to be, that is the question:",
    "Whether 'tis nobler in the mind to suffer",
    "The slings and arrows of outrageous fortune,",
    "Or to take arms against a sea of troubles",
    "And by opposing end them. To die - to sleep,",
    "No more; and by a sleep to say we end",
    "The heart-ache and the thousand natural shocks",
    "That flesh is heir to: 'tis a consummation",
    "Devoutly to be wish'd."
  };

  private WordCount() {}

  public static void main(String[] args) throws Exception {
    String input = Args.arg(args, "--input", null);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setRuntimeMode(RuntimeExecutionMode.valueOf(Args.arg(args, "--execution-mode", "BATCH").toUpperCase()));

    DataStream<String> lines;
    if (input == null) {
      System.out.println("Counting the words of a built-in text; use --input <path>[,<path>...] for files.");
      lines = env.fromData(TEXT);
    } else {
      Path[] paths = Arrays.stream(input.split(",")).map(Path::new).toArray(Path[]::new);
      lines = env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), paths).build(),
          WatermarkStrategy.noWatermarks(), "files");
    }
    lines
        .flatMap((String line, Collector<Tuple2<String, Integer>> out) -> {
          for (String w : line.toLowerCase().split("\\W+")) {
            if (!w.isEmpty()) {
              out.collect(Tuple2.of(w, 1));
            }
          }
        })
        .returns(Types.TUPLE(Types.STRING, Types.INT))
        .name("tokenize")
        .keyBy(t -> t.f0, Types.STRING)
        .sum(1)
        .name("count")
        .print()
        .name("print");
    env.execute("WordCount");
  }

}
