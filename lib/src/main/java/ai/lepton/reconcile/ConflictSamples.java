package ai.lepton.reconcile;

import ai.lepton.spark.Progress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The conflict examples a reconcile report shows: the smallest keys of each compared column. */
final class ConflictSamples {

  private ConflictSamples() {}

  /**
   * {@code byColumn} with up to {@code sampleSize} examples per column, the smallest keys of {@code
   * rows} (laid out as {@link ConflictAnalysis#conflictRows}: key columns first, then at least
   * {@code column}, {@code values} and {@code winner}); none when there is no conflict.
   */
  static ReconcileResult.Conflicts withSamples(
      Map<String, Long> byColumn,
      Supplier<Dataset<Row>> rows,
      ReconcilePlan plan,
      int sampleSize,
      Progress progress) {
    List<ReconcileResult.ConflictSample> samples =
        byColumn.isEmpty() || sampleSize == 0
            ? List.of()
            : progress.step(
                "sampling up to " + sampleSize + " conflicts per column",
                () -> samples(rows.get(), plan, sampleSize),
                s -> s.size() + " samples");
    return new ReconcileResult.Conflicts(byColumn, samples);
  }

  /**
   * Up to {@code perColumn} conflicts of each column, the smallest keys first: the key, the column,
   * each present source's value as text and the winning source.
   */
  static List<ReconcileResult.ConflictSample> samples(
      Dataset<Row> rows, ReconcilePlan plan, int perColumn) {
    int keys = plan.keys().size();
    // One narrow job: each partition keeps its smallest keys per column, the driver the overall
    // smallest (a window over the column would shuffle every conflict row, in more jobs).
    SmallestPerColumn top = new SmallestPerColumn(keys, perColumn);
    List<Row> kept = top.keep(rows.toJavaRDD().mapPartitions(top).collect().iterator());
    List<ReconcileResult.ConflictSample> out = new ArrayList<>();
    for (Row r : kept) {
      Map<String, String> key = new LinkedHashMap<>();
      plan.keys().forEach(k -> key.put(k, String.valueOf((Object) r.getAs(k))));
      Map<String, String> values = new LinkedHashMap<>();
      scala.collection.Map<String, String> raw = r.getMap(r.fieldIndex("values"));
      plan.sources()
          .forEach(
              s -> {
                if (raw.contains(s)) {
                  values.put(s, raw.apply(s));
                }
              });
      out.add(
          new ReconcileResult.ConflictSample(
              key,
              r.getString(r.fieldIndex("column")),
              values,
              r.getString(r.fieldIndex("winner"))));
    }
    return out;
  }

  /**
   * Keeps, of rows laid out as {@link ConflictAnalysis#conflictRows} (key columns first), the
   * {@code limit} smallest keys of each {@code column}, ordered by column then key.
   */
  static final class SmallestPerColumn implements FlatMapFunction<Iterator<Row>, Row> {
    private final int keys;
    private final int limit;

    SmallestPerColumn(int keys, int limit) {
      this.keys = keys;
      this.limit = limit;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return keep(rows).iterator();
    }

    List<Row> keep(Iterator<Row> rows) {
      Comparator<Row> byKey = this::compareKeys;
      Map<String, TreeSet<Row>> top = new TreeMap<>();
      while (rows.hasNext()) {
        Row r = rows.next();
        TreeSet<Row> kept =
            top.computeIfAbsent(r.getString(r.fieldIndex("column")), c -> new TreeSet<>(byKey));
        kept.add(r);
        if (kept.size() > limit) {
          kept.pollLast();
        }
      }
      List<Row> out = new ArrayList<>();
      top.values().forEach(out::addAll);
      return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compareKeys(Row a, Row b) {
      for (int i = 0; i < keys; i++) {
        Object x = a.get(i);
        Object y = b.get(i);
        int c =
            x instanceof Comparable cx && y != null && x.getClass() == y.getClass()
                ? cx.compareTo(y)
                : String.valueOf(x).compareTo(String.valueOf(y));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    }
  }
}
