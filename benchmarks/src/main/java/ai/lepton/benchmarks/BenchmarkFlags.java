package ai.lepton.benchmarks;

import picocli.CommandLine;

/**
 * Reads a benchmark's flags with picocli into {@code spec} (an object with {@code @Option} fields
 * and a {@code @Command} name); {@code --help} prints the usage and exits 0, a bad flag prints what
 * is wrong and the usage and exits 2.
 */
final class BenchmarkFlags {

  private BenchmarkFlags() {}

  /** {@code spec} with {@code args} applied. */
  static <T> T parse(T spec, String[] args) {
    CommandLine cli = new CommandLine(spec);
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        cli.usage(System.out);
        System.exit(0);
      }
      return spec;
    } catch (CommandLine.ParameterException e) {
      System.err.println(e.getMessage());
      cli.usage(System.err);
      System.exit(2);
      throw e;
    }
  }
}
