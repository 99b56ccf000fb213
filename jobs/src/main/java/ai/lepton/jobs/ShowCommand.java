package ai.lepton.jobs;

import ai.lepton.LeptonException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.SourceReader;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lepton show TABLE}: print rows of a Delta table (golden, discrepancies, quarantine). */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Print rows of a Delta table, optionally filtered or at an earlier version.")
final class ShowCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Parameters(paramLabel = "TABLE", description = "Location of the Delta table.")
  String table;

  @Option(
      names = "--where",
      paramLabel = "EXPR",
      description = "Spark SQL filter, e.g. \"kind = 'conflict'\".")
  String where;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "Rows to print (default ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--version-as-of",
      paramLabel = "V",
      description = "Read this version of the table (time travel).")
  Long version;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LeptonConfig config = options.load();
    SparkSession spark = Jobs.session(config, spec);
    Dataset<Row> rows;
    try {
      var reader = spark.read().format("delta");
      if (version != null) {
        reader = reader.option("versionAsOf", version);
      }
      rows = reader.load(table);
      if (where != null) {
        rows = rows.where(where);
      }
      spec.commandLine().getOut().print(rows.showString(limit, 40, false));
      spec.commandLine().getOut().printf("%,d rows%n", rows.count());
    } catch (Exception e) {
      throw new LeptonException(
          "Cannot show "
              + table
              + ": "
              + SourceReader.rootMessage(e)
              + ". Give the location of a Delta table, e.g. the golden table a reconcile printed.",
          e);
    }
    return Main.OK;
  }
}
