package ai.lepton.reconcile;

import static ai.lepton.data.SourceReader.CORRUPT;
import static ai.lepton.data.SourceReader.FILE;
import static ai.lepton.data.SourceReader.REASON;
import static ai.lepton.data.SourceReader.SEQ;
import static ai.lepton.data.SourceReader.quote;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import ai.lepton.data.InvalidText;
import ai.lepton.data.ParsedSource;
import ai.lepton.data.ZonedCast;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * One source projected onto the aligned schema and split into rows that take part in the comparison
 * ({@link #rows}) and rows that go to quarantine ({@link #quarantine}).
 *
 * <p>{@link #rows} has the key columns (normalized), the data columns as read, and {@link #SEQ},
 * {@link #FILE}, {@link #HASH} (of the normalized compared values), {@link #ROW_HASH} (of the data
 * as read) and {@link #TS} (the timestamp column, for ordering). {@link #tally} has one row per row
 * read, with {@link #MALFORMED} and {@link #BAD_KEY} flags, for counting every row read and every
 * row quarantined in one pass.
 */
record PreparedSource(
    String name, int index, Dataset<Row> rows, Dataset<Row> quarantine, Dataset<Row> tally) {

  static final String HASH = "_lepton_hash";
  static final String ROW_HASH = "_lepton_row_hash";
  static final String TS = "_lepton_ts";
  static final String MALFORMED = "_lepton_malformed";
  static final String BAD_KEY = "_lepton_bad_key";
  private static final String KEY_REASON = "_lepton_key_reason";

  /**
   * Aligns (computing the source's {@code transforms}), normalizes keys, hashes and splits one
   * parsed source.
   */
  static PreparedSource of(
      ParsedSource parsed,
      int index,
      ReconcilePlan plan,
      Normalizer norm,
      SourceTransforms transforms) {
    return of(parsed, index, plan, norm, transforms, null, 0);
  }

  /**
   * {@link #of(ParsedSource, int, ReconcilePlan, Normalizer, SourceTransforms)} with {@link #rows}
   * only of the keys in {@code keys} (normalized key columns; null: every key), of which there are
   * {@code keyCount}: the rows are filtered as soon as their keys are normalized, before anything
   * is hashed. {@link #tally} and {@link #quarantine} are of every row either way.
   */
  static PreparedSource of(
      ParsedSource parsed,
      int index,
      ReconcilePlan plan,
      Normalizer norm,
      SourceTransforms transforms,
      Dataset<Row> keys,
      long keyCount) {
    Dataset<Row> frame = parsed.frame();
    Column[] aligned =
        plan.schema()
            .projection(
                transforms.schemaOf(parsed.dataSchema()), norm.zone(), transforms.columns());
    List<Column> columns = new ArrayList<>();
    for (Column c : aligned) {
      columns.add(c);
    }
    columns.add(col(SEQ));
    columns.add(col(FILE));
    columns.add(col(CORRUPT));
    Dataset<Row> all =
        frame.select(columns.toArray(Column[]::new)).withColumn(KEY_REASON, keyReason(plan, norm));
    for (String k : plan.keys()) {
      all = all.withColumn(k, norm.key(k, col(quote(k))));
    }
    Column badKey = col(KEY_REASON).isNotNull();
    Dataset<Row> tally =
        all.select(
            col(FILE),
            col(CORRUPT).isNotNull().as(MALFORMED),
            col(CORRUPT).isNull().and(badKey).as(BAD_KEY));
    Dataset<Row> keyed = all.filter(col(CORRUPT).isNull()).drop(CORRUPT);
    Dataset<Row> usable = keyed.filter(badKey.unary_$bang());
    if (keys != null) {
      usable =
          usable.join(
              KeyComparison.lookup(keys, keyCount), KeyComparison.seq(plan.keys()), "left_semi");
    }
    Dataset<Row> rows =
        usable
            .drop(KEY_REASON)
            .withColumn(HASH, norm.compareHash(c -> col(quote(c))))
            .withColumn(ROW_HASH, norm.rowHash(c -> col(quote(c))))
            .withColumn(
                TS,
                plan.timestamp() == null
                    ? lit(null).cast("timestamp")
                    : ZonedCast.cast(
                        col(quote(plan.timestamp())), DataTypes.TimestampType, norm.zone()));
    return new PreparedSource(
        parsed.spec().name(), index, rows, quarantine(parsed, plan, keyed, norm.zone()), tally);
  }

  /**
   * Why a row has no usable key, else null: the first key column that is null, or empty once
   * normalized (trimmed), with its value as read (tabs shown as {@code \t}), e.g. {@code null or
   * empty key: column 'id' is ' \t '}.
   */
  private static Column keyReason(ReconcilePlan plan, Normalizer norm) {
    List<Column> reasons = new ArrayList<>();
    for (String k : plan.keys()) {
      Column asRead = col(quote(k));
      Column key = norm.key(k, asRead);
      boolean text = plan.type(k).equals(DataTypes.StringType);
      Column bad = text ? key.isNull().or(key.equalTo(lit(""))) : key.isNull();
      String prefix = "null or empty key: column '" + k + "' is ";
      reasons.add(
          when(
              bad,
              when(asRead.isNull(), lit(prefix + "null"))
                  .otherwise(concat(lit(prefix + "'"), visible(asRead), lit("'")))));
    }
    reasons.add(lit(null).cast(DataTypes.StringType));
    return coalesce(reasons.toArray(Column[]::new));
  }

  /** A text value with its tabs written as {@code \t}, so that a reason shows them. */
  private static Column visible(Column text) {
    return replace(text.cast(DataTypes.StringType), lit("\t"), lit("\\t"));
  }

  /** This source with its prepared rows cached (computed once, then read by every phase). */
  PreparedSource persisted() {
    return new PreparedSource(
        name, index, rows.persist(StorageLevel.MEMORY_AND_DISK()), quarantine, tally);
  }

  private static Dataset<Row> quarantine(
      ParsedSource parsed, ReconcilePlan plan, Dataset<Row> keyed, String zone) {
    String name = parsed.spec().name();
    Dataset<Row> malformed =
        parsed
            .frame()
            .filter(col(CORRUPT).isNotNull())
            .select(
                lit(name).as("source"),
                col(FILE).as("file"),
                coalesce(
                        col(REASON),
                        when(
                            InvalidText.replaced(col(CORRUPT)),
                            lit(
                                "malformed record: not valid "
                                    + parsed.spec().format()
                                    + ", with bytes that are not valid in the file's encoding"
                                    + " (shown as U+FFFD in raw)")),
                        lit(
                            "malformed record: not valid "
                                + parsed.spec().format()
                                + " (broken quoting or syntax, the wrong number of fields, or"
                                + " bytes that are not valid in the file's encoding)"))
                    .as("reason"),
                col(CORRUPT).as("raw"));
    Column[] data = plan.schema().names().stream().map(c -> col(quote(c))).toArray(Column[]::new);
    Dataset<Row> emptyKey =
        keyed
            .filter(col(KEY_REASON).isNotNull())
            .select(
                lit(name).as("source"),
                col(FILE).as("file"),
                col(KEY_REASON).as("reason"),
                to_json(struct(data), Map.of("timeZone", zone)).as("raw"));
    return malformed.unionByName(emptyKey);
  }
}
