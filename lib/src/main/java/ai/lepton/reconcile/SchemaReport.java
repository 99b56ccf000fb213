package ai.lepton.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Builds the schema part of a reconcile's result from the sources' schemas and the plan. */
final class SchemaReport {

  private SchemaReport() {}

  /**
   * One entry per aligned column: its type in each source that has it, the aligned type, the
   * sources that lack it (no such column, or, for JSON, no row with a value in it), the sources
   * whose type was widened to the aligned one, and its role (key, compared, carried or ignored).
   *
   * @param schemas each source's own schema, in source order
   * @param columns per source, the columns it has
   */
  static ReconcileResult.Schema of(
      Map<String, StructType> schemas, Map<String, List<String>> columns, ReconcilePlan plan) {
    return of(schemas, columns, plan, Map.of(), Map.of());
  }

  /**
   * As {@link #of(Map, Map, ReconcilePlan)}, with each column's renames and transforms per source.
   *
   * @param mappings per source, its renames (its own name to canonical name)
   * @param transforms per source, its expressions by canonical name (its entry in {@code schemas}
   *     has the expression's type for such a column)
   */
  static ReconcileResult.Schema of(
      Map<String, StructType> schemas,
      Map<String, List<String>> columns,
      ReconcilePlan plan,
      Map<String, Map<String, String>> mappings,
      Map<String, Map<String, String>> transforms) {
    List<ReconcileResult.SchemaColumn> out = new ArrayList<>();
    for (String name : plan.schema().names()) {
      DataType aligned = plan.type(name);
      Map<String, String> types = new LinkedHashMap<>();
      List<String> missing = new ArrayList<>();
      List<String> widened = new ArrayList<>();
      Map<String, String> mappedFrom = new LinkedHashMap<>();
      Map<String, String> computed = new LinkedHashMap<>();
      mappings.forEach(
          (source, renames) ->
              renames.forEach(
                  (own, canonical) -> {
                    if (canonical.equalsIgnoreCase(name)) {
                      mappedFrom.put(source, own);
                    }
                  }));
      transforms.forEach(
          (source, expressions) ->
              expressions.forEach(
                  (column, expression) -> {
                    if (column.equalsIgnoreCase(name)) {
                      computed.put(source, expression);
                    }
                  }));
      schemas.forEach(
          (source, schema) -> {
            StructField field = find(schema, name);
            boolean has =
                field != null
                    && columns.getOrDefault(source, List.of()).stream()
                        .anyMatch(c -> c.equalsIgnoreCase(name));
            if (!has) {
              missing.add(source);
              return;
            }
            types.put(source, field.dataType().simpleString());
            if (!field.dataType().equals(aligned) && !computed.containsKey(source)) {
              widened.add(source);
            }
          });
      out.add(
          new ReconcileResult.SchemaColumn(
              name,
              aligned.simpleString(),
              role(name, plan),
              types,
              missing,
              widened,
              plan.tolerance().containsKey(name) ? plan.tolerance().get(name).describe() : null,
              mappedFrom,
              computed));
    }
    return new ReconcileResult.Schema(out);
  }

  private static String role(String name, ReconcilePlan plan) {
    if (plan.keys().contains(name)) {
      return "key";
    }
    if (plan.compared().contains(name)) {
      return "compared";
    }
    return plan.ignored().contains(name) ? "ignored" : "carried";
  }

  private static StructField find(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }
}
