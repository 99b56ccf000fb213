package ai.lepton.jobs;

import ai.lepton.LeptonException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.UriCredentials;
import ai.lepton.errors.Failures;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
    description = {
      "Print rows of a Delta table, optionally filtered or at an earlier version.",
      "--json prints them (the first --limit rows, and the count) as JSON instead; --report",
      "FILE writes that JSON too."
    })
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

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What {@code show} printed, as its {@code --json} / {@code --report} report: the table, the
   * filter, the total count and the first {@code limit} rows as JSON objects.
   */
  record ShowReport(
      String job,
      String status,
      String table,
      Long versionAsOf,
      String where,
      long count,
      List<String> columns,
      List<JsonNode> rows,
      @JsonIgnore String text) {}

  @Override
  public Integer call() {
    UriCredentials.refuse("The TABLE given to show", table);
    LeptonConfig config = options.load();
    PrintWriter out = spec.commandLine().getOut();
    return Jobs.run(
        "show",
        options,
        out,
        () -> read(Jobs.session(config, spec)),
        r -> {
          out.print(r.text());
          out.printf("%,d rows%n", r.count());
        },
        r -> Main.OK);
  }

  private ShowReport read(SparkSession spark) {
    try {
      var reader = spark.read().format("delta");
      if (version != null) {
        reader = reader.option("versionAsOf", version);
      }
      Dataset<Row> rows = reader.load(table);
      if (where != null) {
        rows = rows.where(where);
      }
      List<JsonNode> first = new ArrayList<>();
      for (String json : rows.limit(limit).toJSON().collectAsList()) {
        first.add(JSON.readTree(json));
      }
      return new ShowReport(
          "show",
          "succeeded",
          table,
          version,
          where,
          rows.count(),
          List.of(rows.columns()),
          first,
          rows.showString(limit, 40, false));
    } catch (Exception e) {
      throw new LeptonException(
          "Cannot show "
              + table
              + ": "
              + Failures.rootMessage(e)
              + ". Give the location of a Delta table, e.g. the golden table a reconcile printed.",
          e);
    }
  }
}
