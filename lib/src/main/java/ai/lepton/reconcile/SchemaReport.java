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
    List<ReconcileResult.SchemaColumn> out = new ArrayList<>();
    for (String name : plan.schema().names()) {
      DataType aligned = plan.type(name);
      Map<String, String> types = new LinkedHashMap<>();
      List<String> missing = new ArrayList<>();
      List<String> widened = new ArrayList<>();
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
            if (!field.dataType().equals(aligned)) {
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
              plan.tolerance().containsKey(name) ? plan.tolerance().get(name).describe() : null));
    }
    return new ReconcileResult.Schema(out);
  }

  private static String role(String name, ReconcilePlan plan) {
    if (plan.keys().contains(name)) {
      return "key";
    }
    return plan.compared().contains(name) ? "compared" : "carried";
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
