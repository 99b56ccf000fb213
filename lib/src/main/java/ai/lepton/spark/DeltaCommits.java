package ai.lepton.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;

/**
 * A Delta table's versions and commit information read from its log files directly: no Spark job,
 * unlike {@code DeltaTable.history()}, which builds and collects a DataFrame.
 */
public final class DeltaCommits {

  /** One commit: its version, its {@code userMetadata} (null when none) and operation metrics. */
  public record Commit(long version, String userMetadata, Map<String, String> metrics) {}

  private DeltaCommits() {}

  /** The table's latest version, -1 when there is no table at {@code uri}. */
  public static long latestVersion(SparkSession spark, String uri) {
    return DeltaLog.forTable(spark, uri).update(false, Option.empty(), Option.empty()).version();
  }

  /**
   * The commits from {@code fromVersion} to the latest, oldest first; empty when there are none.
   */
  public static List<Commit> since(SparkSession spark, String uri, long fromVersion) {
    List<Commit> out = new ArrayList<>();
    scala.collection.Iterator<Tuple2<Object, scala.collection.Seq<Action>>> changes =
        DeltaLog.forTable(spark, uri).getChanges(Math.max(0, fromVersion), false);
    while (changes.hasNext()) {
      Tuple2<Object, scala.collection.Seq<Action>> c = changes.next();
      long version = (Long) c._1();
      for (Action a : JavaConverters.seqAsJavaList(c._2())) {
        if (a instanceof CommitInfo info) {
          out.add(
              new Commit(
                  version,
                  info.userMetadata().isDefined() ? info.userMetadata().get() : null,
                  info.operationMetrics().isDefined()
                      ? JavaConverters.mapAsJavaMap(info.operationMetrics().get())
                      : Map.of()));
        }
      }
    }
    return out;
  }

  /** The latest commit, null when there is no table. */
  public static Commit latest(SparkSession spark, String uri) {
    long v = latestVersion(spark, uri);
    if (v < 0) {
      return null;
    }
    List<Commit> commits = since(spark, uri, v);
    return commits.isEmpty() ? null : commits.get(commits.size() - 1);
  }
}
