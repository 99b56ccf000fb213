package ai.lepton.jobs;

import ai.lepton.LeptonVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code lepton version}: Lepton's version and the Spark and Delta versions it was built for. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print versions.")
final class VersionCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : lines()) {
      spec.commandLine().getOut().println(line);
    }
    return Main.OK;
  }

  static String[] lines() {
    return new String[] {
      "lepton " + LeptonVersion.lepton(),
      "spark " + LeptonVersion.spark() + " (built for; running: " + running() + ")",
      "delta " + LeptonVersion.delta(),
      "java " + System.getProperty("java.version")
    };
  }

  private static String running() {
    try {
      return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    } catch (NoClassDefFoundError e) {
      return "not on the classpath";
    }
  }

  /** Supplies {@code lepton --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
