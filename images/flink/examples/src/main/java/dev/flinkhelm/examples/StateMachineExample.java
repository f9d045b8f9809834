package dev.flinkhelm.examples;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sessions of simulated clients (--clients, default 100) go through login -> browse* -> logout;
 * about one event in 1000 is out of order. A keyed state machine per client checks every
 * transition and prints an alert for each invalid one. Unbounded unless --events N is given;
 * --rate events/s (default 1000).
 */
public final class StateMachineExample {
  private static final String[] STEPS = {"login", "browse", "browse", "browse", "logout"};

  private StateMachineExample() {}

  public static void main(String[] args) throws Exception {
    int clients = Integer.parseInt(Args.arg(args, "--clients", "100"));
    long events = Long.parseLong(Args.arg(args, "--events", Long.toString(Long.MAX_VALUE)));
    double rate = Double.parseDouble(Args.arg(args, "--rate", "1000"));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(5000);

    // Event n: client n % clients takes step (n / clients) of its endless sessions; every 997th
    // event jumps to a wrong step.
    GeneratorFunction<Long, Tuple2<Integer, String>> gen = n -> {
      long step = n / clients + (n % 997 == 996 ? 2 : 0);
      return Tuple2.of((int) (n % clients), STEPS[(int) (step % STEPS.length)]);
    };
    DataGeneratorSource<Tuple2<Integer, String>> source = new DataGeneratorSource<>(
        gen, events, RateLimiterStrategy.perSecond(rate), Types.TUPLE(Types.INT, Types.STRING));

    env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
        .uid("events")
        .keyBy(e -> e.f0, Types.INT)
        .process(new Validator())
        .uid("state-machine")
        .name("state machine")
        .print()
        .name("alerts");
    env.execute("State machine job");
  }

  /** Keeps each client's last event and alerts on transitions the protocol does not allow. */
  static final class Validator extends KeyedProcessFunction<Integer, Tuple2<Integer, String>, String> {
    private transient ValueState<String> last;

    @Override
    public void open(OpenContext ctx) {
      last = getRuntimeContext().getState(new ValueStateDescriptor<>("last-event", String.class));
    }

    @Override
    public void processElement(Tuple2<Integer, String> e, Context ctx, Collector<String> out) throws Exception {
      String prev = last.value() == null ? "logout" : last.value();
      boolean ok = switch (prev) {
        case "logout" -> e.f1.equals("login");
        case "login", "browse" -> e.f1.equals("browse") || e.f1.equals("logout");
        default -> false;
      };
      if (!ok) {
        out.collect("ALERT client " + e.f0 + ": " + prev + " -> " + e.f1);
      }
      last.update(e.f1);
    }
  }
}
