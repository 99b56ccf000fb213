package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import ai.lepton.data.SchemaAligner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The schema report says, per column, what each source brought and what the comparison used. */
class SchemaReportTest {

  @Test
  void eachColumnShowsItsTypePerSourceTheAlignedTypeWideningsMissingSourcesAndRole() {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    schemas.put("aws", StructType.fromDDL("id STRING, n INT, amount DECIMAL(10,2), note STRING"));
    schemas.put("azure", StructType.fromDDL("ID STRING, n BIGINT, amount DECIMAL(12,4)"));
    Map<String, List<String>> columns = new LinkedHashMap<>();
    schemas.forEach((s, t) -> columns.put(s, List.of(t.fieldNames())));
    ReconcileConfig config =
        ReconcileConfig.from(
            LeptonConfig.parse(
                "lepton.reconcile.sources = [ { name = aws, uri = /a, format = parquet },"
                    + " { name = azure, uri = /b, format = parquet } ]\n"
                    + "lepton.reconcile.output { golden = /g, discrepancies = /d, quarantine = /q"
                    + " }\nlepton.reconcile.resolve.policy = priority\n"
                    + "lepton.reconcile.tolerance.amount = { rel = 1e-6 }"));
    ReconcilePlan plan =
        ReconcilePlan.resolve(config, SchemaAligner.align(schemas, "schema"), columns);

    Map<String, ReconcileResult.SchemaColumn> byName = new LinkedHashMap<>();
    SchemaReport.of(schemas, columns, plan).columns().forEach(c -> byName.put(c.name(), c));

    assertThat(byName).containsOnlyKeys("id", "n", "amount", "note");
    assertThat(byName.get("id").role()).isEqualTo("key");
    ReconcileResult.SchemaColumn n = byName.get("n");
    assertThat(n.alignedType()).isEqualTo("bigint");
    assertThat(n.sourceTypes())
        .containsExactly(Map.entry("aws", "int"), Map.entry("azure", "bigint"));
    assertThat(n.widenedIn()).containsExactly("aws");
    assertThat(n.role()).isEqualTo("compared");
    assertThat(n.tolerance()).isNull();
    ReconcileResult.SchemaColumn amount = byName.get("amount");
    assertThat(amount.alignedType()).isEqualTo("decimal(12,4)");
    assertThat(amount.widenedIn()).containsExactly("aws");
    assertThat(amount.tolerance()).isEqualTo("{ rel = 1.0E-6 }");
    ReconcileResult.SchemaColumn note = byName.get("note");
    assertThat(note.missingIn()).containsExactly("azure");
    assertThat(note.role()).isEqualTo("carried");
  }
}
