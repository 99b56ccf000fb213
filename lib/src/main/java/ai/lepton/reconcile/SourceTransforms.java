package ai.lepton.reconcile;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import ai.lepton.config.ConfigException;
import ai.lepton.data.ParsedSource;
import ai.lepton.errors.Failures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A source's {@code transform} expressions, analysed by Spark against the source's columns (after
 * its renames): each gives the value of one canonical column, computed from one row of that source,
 * before normalization and comparison, and cast to the column's aligned type. An expression that
 * names an unknown column, aggregates, or uses a window or generator function is a {@link
 * ConfigException} naming its key; nothing is read for that (Spark analyses without running a job).
 */
final class SourceTransforms {

  private static final String PROBE = "_lepton_transform";

  private final Map<String, String> expressions;
  private final Map<String, Column> columns;
  private final Map<String, DataType> types;
  private final java.util.Set<String> inputs;

  private SourceTransforms(
      Map<String, String> expressions,
      Map<String, Column> columns,
      Map<String, DataType> types,
      java.util.Set<String> inputs) {
    this.expressions = expressions;
    this.columns = columns;
    this.types = types;
    this.inputs = inputs;
  }

  /**
   * Analyses every source's transforms (by source name, in config order). A column a transform
   * reads is an input only (see {@link #consumes}) unless it is a key column or another source has
   * a column of that name.
   */
  static Map<String, SourceTransforms> of(
      List<ParsedSource> parsed, List<ReconcileConfig.SourceConfig> sources, List<String> key) {
    Map<String, SourceTransforms> out = new LinkedHashMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      String at = "lepton.reconcile.sources[" + i + "]";
      out.put(sources.get(i).name(), of(parsed.get(i), sources.get(i).transform(), at));
    }
    for (int i = 0; i < parsed.size(); i++) {
      int self = i;
      out.get(sources.get(i).name())
          .inputs
          .removeIf(
              c ->
                  key.stream().anyMatch(c::equalsIgnoreCase)
                      || java.util.stream.IntStream.range(0, parsed.size())
                          .filter(j -> j != self)
                          .anyMatch(
                              j ->
                                  Arrays.stream(parsed.get(j).dataSchema().fieldNames())
                                      .anyMatch(c::equalsIgnoreCase)));
    }
    return out;
  }

  /**
   * Analyses {@code transform} (canonical column to expression) against a parsed source.
   *
   * @param configKey the source's key, e.g. {@code lepton.reconcile.sources[1]}
   */
  static SourceTransforms of(ParsedSource parsed, Map<String, String> transform, String configKey) {
    Map<String, Column> columns = new LinkedHashMap<>();
    Map<String, DataType> types = new LinkedHashMap<>();
    java.util.Set<String> inputs = new java.util.HashSet<>();
    Dataset<Row> frame = parsed.frame();
    LogicalPlan source = frame.queryExecution().analyzed();
    transform.forEach(
        (column, text) -> {
          String key = configKey + ".transform." + column;
          Column value = expr(text);
          Dataset<Row> probe;
          try {
            probe = frame.select(col("*"), value.as(PROBE));
          } catch (Exception e) { // Spark's AnalysisException, thrown from Scala
            throw new ConfigException(
                key
                    + " ("
                    + text
                    + ") cannot be evaluated on source '"
                    + parsed.spec().name()
                    + "': "
                    + Failures.rootMessage(e)
                    + ". Its columns, as renamed: "
                    + Arrays.asList(parsed.dataSchema().fieldNames())
                    + ".",
                e);
          }
          LogicalPlan analyzed = probe.queryExecution().analyzed();
          if (!(analyzed instanceof Project p) || !p.child().equals(source)) {
            throw new ConfigException(
                key
                    + " ("
                    + text
                    + ") is not computed from one row's values: a transform may not aggregate or"
                    + " use a window or generator function. Compute such values before reconcile.");
          }
          scala.collection.Iterator<org.apache.spark.sql.catalyst.expressions.Attribute> read =
              ((org.apache.spark.sql.catalyst.expressions.Expression) p.projectList().last())
                  .references()
                  .iterator();
          while (read.hasNext()) {
            inputs.add(read.next().name().toLowerCase(Locale.ROOT));
          }
          columns.put(column.toLowerCase(Locale.ROOT), value);
          types.put(column, probe.schema().apply(PROBE).dataType());
        });
    inputs.removeAll(columns.keySet());
    return new SourceTransforms(new LinkedHashMap<>(transform), columns, types, inputs);
  }

  /** Expressions by lower-case canonical column name, for {@code AlignedSchema#projection}. */
  Map<String, Column> columns() {
    return columns;
  }

  /** Expressions as configured, by canonical column name. */
  Map<String, String> expressions() {
    return expressions;
  }

  /** True when this source computes {@code column} (case-insensitive). */
  boolean transforms(String column) {
    return columns.containsKey(column.toLowerCase(Locale.ROOT));
  }

  /**
   * True when {@code column} is only an input of this source's transforms: a transform reads it,
   * none computes it, it is no key column and no other source has it. Such a column, like a renamed
   * column's old name, is not one of the source's columns for the comparison or the golden table.
   */
  boolean consumes(String column) {
    return inputs.contains(column.toLowerCase(Locale.ROOT));
  }

  /**
   * The source's columns as the comparison sees them: a transformed column with its expression's
   * type, a column only a transform creates added at the end, and without the transforms' inputs.
   */
  StructType schemaOf(StructType data) {
    List<StructField> out = new ArrayList<>();
    Map<String, DataType> left = new LinkedHashMap<>(types);
    for (StructField f : data.fields()) {
      String match = find(left, f.name());
      if (consumes(f.name())) {
        continue;
      }
      if (match == null) {
        out.add(f);
      } else {
        out.add(DataTypes.createStructField(f.name(), left.remove(match), true));
      }
    }
    left.forEach((name, type) -> out.add(DataTypes.createStructField(name, type, true)));
    return new StructType(out.toArray(StructField[]::new));
  }

  /**
   * The schemas to align: a transformed column whose value some other source holds untransformed
   * takes no part in choosing its type (it is cast to the type the other sources give it), so a
   * transform's own result type (a double from {@code balance / 100}) does not widen the golden
   * table's type; where every source that has the column transforms it, their result types align.
   */
  static Map<String, StructType> forAlignment(
      Map<String, StructType> schemas, Map<String, SourceTransforms> transforms) {
    Map<String, StructType> out = new LinkedHashMap<>();
    schemas.forEach(
        (source, schema) -> {
          SourceTransforms own = transforms.get(source);
          StructField[] fields = schema.fields().clone();
          for (int i = 0; i < fields.length; i++) {
            String name = fields[i].name();
            boolean plainElsewhere =
                own.transforms(name)
                    && schemas.entrySet().stream()
                        .anyMatch(
                            e ->
                                !e.getKey().equals(source)
                                    && !transforms.get(e.getKey()).transforms(name)
                                    && Arrays.stream(e.getValue().fieldNames())
                                        .anyMatch(n -> n.equalsIgnoreCase(name)));
            if (plainElsewhere) {
              fields[i] = DataTypes.createStructField(name, DataTypes.NullType, true);
            }
          }
          out.put(source, new StructType(fields));
        });
    return out;
  }

  private static String find(Map<String, DataType> types, String name) {
    return types.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
  }
}
