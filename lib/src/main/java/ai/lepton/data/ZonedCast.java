package ai.lepton.data;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import scala.Option;

/**
 * A cast in a time zone of the caller's choosing instead of {@code spark.sql.session.timeZone}: a
 * DATE widened to a TIMESTAMP starts at midnight in that zone, a TIMESTAMP rendered as text shows
 * that zone's wall-clock time, text without an offset is read in that zone. Actions use it so that
 * their results do not depend on, and they do not change, the session the caller shares. Otherwise
 * it behaves as {@link Column#cast(DataType)} (including {@code spark.sql.ansi.enabled}).
 */
public final class ZonedCast {

  private ZonedCast() {}

  /** {@code value} cast to {@code to}, with every zone-dependent step done in {@code zone}. */
  public static Column cast(Column value, DataType to, String zone) {
    return new Column(
        new Cast(value.expr(), to, Option.apply(zone), EvalMode.fromSQLConf(SQLConf.get())));
  }
}
