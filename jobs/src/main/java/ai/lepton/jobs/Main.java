package ai.lepton.jobs;

import ai.lepton.LeptonException;
import ai.lepton.config.ConfigException;
import ai.lepton.config.Redactor;
import ai.lepton.data.InputException;
import ai.lepton.errors.Failures;
import ai.lepton.pipeline.PipelineStepException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lepton} command line. Exit codes: 0 done; 1 the job ran and a gate or budget failed; 2
 * bad usage or config, found before any work; 3 the job failed at run time. The same class runs
 * under {@code spark-submit --class ai.lepton.jobs.Main} with the same arguments.
 */
@Command(
    name = "lepton",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Reconcile data across clouds into golden Delta tables; train, quantize, export.",
    subcommands = {
      DemoCommand.class,
      ReconcileCommand.class,
      SyncCommand.class,
      TrainCommand.class,
      QuantizeCommand.class,
      DistillCommand.class,
      ExportCommand.class,
      MonitorCommand.class,
      PipelineCommand.class,
      PlanCommand.class,
      GpuCheckCommand.class,
      RunsCommand.class,
      ShowCommand.class,
      EmulatorsCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  /** Done. */
  public static final int OK = 0;

  /** The job ran and a gate or budget failed. */
  public static final int GATE_FAILED = 1;

  /** Bad usage or bad config, found before any work starts. */
  public static final int USAGE = 2;

  /** The job failed at run time (storage, Spark). */
  public static final int RUNTIME = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code (on Databricks, throws instead of exiting). */
  public static void main(String[] args) {
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (System.getenv("DATABRICKS_RUNTIME_VERSION") != null) {
      if (code != OK) {
        throw new IllegalStateException("lepton failed with exit code " + code);
      }
      return;
    }
    System.exit(code);
  }

  /** Runs the command line with the given streams and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(Main::exitCode);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("lepton: " + Redactor.redactMessage(e.getMessage()));
          CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
          err.println("Run 'lepton " + commandName(e.getCommandLine()) + "--help' for usage.");
          return USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          // a Lepton error's message is complete; anything else shows only its cause's first line
          err.println("lepton: " + Failures.describe(e));
          if (Boolean.getBoolean("lepton.debug")) {
            e.printStackTrace(err);
          } else if (!(e instanceof LeptonException)) {
            err.println("lepton: " + Failures.DEBUG_HINT);
          }
          return exitCode(e);
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static int exitCode(Throwable e) {
    if (e instanceof PipelineStepException && e.getCause() != null) {
      return exitCode(e.getCause());
    }
    if (e instanceof ConfigException || e instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    if (e instanceof InputException || e instanceof LeptonException) {
      return RUNTIME;
    }
    return RUNTIME;
  }

  private static String commandName(CommandLine cl) {
    String name = cl.getCommandName();
    return "lepton".equals(name) ? "" : name + " ";
  }
}
