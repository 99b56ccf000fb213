package ai.lepton.jobs;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.UriCredentials;
import ai.lepton.reconcile.ReconcileConfig;
import ai.lepton.reconcile.SyncAction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lepton sync}: write the golden table back to sources and mirror it to other stores. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "After a reconcile, rewrite source locations from the golden table in their own format,",
      "and/or mirror the golden Delta table to other stores file by file. Safe to re-run."
    })
final class SyncCommand implements Callable<Integer> {

  @Mixin JobOptions options;

  @Option(
      names = "--write-back",
      paramLabel = "SOURCE",
      description = "Rewrite this source's location (repeatable); adds to lepton.sync.write-back.")
  List<String> writeBack = new ArrayList<>();

  @Option(
      names = "--mirror-to",
      paramLabel = "URI",
      description = "Mirror the golden table here (repeatable); adds to lepton.sync.mirror-to.")
  List<String> mirrorTo = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    mirrorTo.forEach(uri -> UriCredentials.refuse("--mirror-to", uri));
    LeptonConfig config = options.load();
    ReconcileConfig rc = ReconcileConfig.from(config);
    List<String> names = new ArrayList<>(config.raw().getStringList("lepton.sync.write-back"));
    names.addAll(writeBack);
    SyncAction.checkWriteBack(rc, names);
    return Jobs.run(
        "sync",
        options,
        spec.commandLine().getOut(),
        () -> {
          SparkSession spark = Jobs.session(config, spec);
          SyncAction action =
              Lepton.with(spark).sync(config).progress(Jobs.progress("sync", spark, config, spec));
          writeBack.forEach(action::writeBack);
          mirrorTo.forEach(action::mirrorTo);
          return action.execute();
        },
        result -> Summaries.print(result, spec.commandLine().getOut()),
        result -> Main.OK);
  }
}
