package dev.flinkhelm.examples;

/** Command-line parsing shared by the examples; packed into every example jar. */
final class Args {
  private Args() {}

  /** The value after {@code name} in {@code args}, or {@code dflt}. */
  static String arg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }
}
