package ai.lepton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SchemaAlignerTest {

  private static DataType widen(DataType a, DataType b) {
    return SchemaAligner.widen(a, b).orElse(null);
  }

  @Test
  void widensNumbersSafely() {
    assertThat(widen(DataTypes.IntegerType, DataTypes.LongType)).isEqualTo(DataTypes.LongType);
    assertThat(widen(DataTypes.IntegerType, DataTypes.createDecimalType(12, 2)))
        .isEqualTo(DataTypes.createDecimalType(12, 2));
    assertThat(widen(DataTypes.LongType, DataTypes.createDecimalType(12, 2)))
        .isEqualTo(DataTypes.createDecimalType(22, 2));
    assertThat(widen(DataTypes.createDecimalType(10, 4), DataTypes.createDecimalType(12, 2)))
        .isEqualTo(DataTypes.createDecimalType(14, 4));
    assertThat(widen(DataTypes.createDecimalType(12, 2), DataTypes.DoubleType))
        .isEqualTo(DataTypes.DoubleType);
    assertThat(widen(DataTypes.IntegerType, DataTypes.FloatType)).isEqualTo(DataTypes.DoubleType);
  }

  @Test
  void widensDatesToTimestamps() {
    assertThat(widen(DataTypes.DateType, DataTypes.TimestampType))
        .isEqualTo(DataTypes.TimestampType);
  }

  @Test
  void refusesUnsafeWidening() {
    assertThat(SchemaAligner.widen(DataTypes.StringType, DataTypes.IntegerType)).isEmpty();
    assertThat(SchemaAligner.widen(DataTypes.BooleanType, DataTypes.IntegerType)).isEmpty();
    assertThat(SchemaAligner.widen(DataTypes.DateType, DataTypes.StringType)).isEmpty();
  }

  @Test
  void alignsByNameIgnoringCaseAndKeepsColumnsOfEverySource() {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    schemas.put("aws", StructType.fromDDL("ID STRING, amount INT, only_aws STRING"));
    schemas.put("azure", StructType.fromDDL("id STRING, Amount BIGINT, only_azure DATE"));
    AlignedSchema aligned = SchemaAligner.align(schemas, "lepton.reconcile.schema");
    assertThat(aligned.names()).containsExactly("ID", "amount", "only_aws", "only_azure");
    assertThat(aligned.type("amount")).isEqualTo(DataTypes.LongType);
    assertThat(aligned.column("Only_Azure")).isEqualTo("only_azure");
  }

  @Test
  void irreconcilableTypesNameColumnSourcesTypesAndFix() {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    schemas.put("aws", StructType.fromDDL("id STRING, balance DECIMAL(12,2)"));
    schemas.put("azure", StructType.fromDDL("id STRING, balance STRING"));
    assertThatThrownBy(() -> SchemaAligner.align(schemas, "lepton.reconcile.schema"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("Cannot align column 'balance'")
        .hasMessageContaining("source aws has decimal(12,2), source azure has string")
        .hasMessageContaining("lepton.reconcile.schema")
        .hasMessageContaining("\"balance DECIMAL(12,2)\"");
  }
}
