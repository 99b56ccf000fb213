package ai.lepton.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Aligns the schemas of several sources by column name. Safe widenings: integers to a wider
 * integer, integers and decimals to a decimal that holds both, any number with a float or double to
 * double, date to timestamp. Anything else stops the job before it writes, naming the column, the
 * sources and their types.
 */
public final class SchemaAligner {

  private SchemaAligner() {}

  /** Aligns the named schemas (in source order); fails with an {@link InputException}. */
  public static AlignedSchema align(Map<String, StructType> schemas, String fixKey) {
    return align(schemas, fixKey, java.util.Set.of());
  }

  /**
   * As {@link #align(Map, String)}, except that a column in {@code asText} (lower-case names:
   * columns that are carried but never compared) whose types cannot be widened is aligned as a
   * STRING instead of stopping the job.
   */
  public static AlignedSchema align(
      Map<String, StructType> schemas, String fixKey, java.util.Set<String> asText) {
    Map<String, String> spelling = new LinkedHashMap<>();
    Map<String, DataType> types = new LinkedHashMap<>();
    Map<String, Map<String, DataType>> seen = new LinkedHashMap<>();
    for (Map.Entry<String, StructType> source : schemas.entrySet()) {
      for (StructField f : source.getValue().fields()) {
        String lower = f.name().toLowerCase(Locale.ROOT);
        spelling.putIfAbsent(lower, f.name());
        seen.computeIfAbsent(lower, k -> new LinkedHashMap<>()).put(source.getKey(), f.dataType());
        DataType current = types.get(lower);
        if (current == null) {
          types.put(lower, f.dataType());
          continue;
        }
        Optional<DataType> wider = widen(current, f.dataType());
        if (wider.isEmpty() && asText.contains(lower)) {
          wider = Optional.of(DataTypes.StringType);
        }
        if (wider.isEmpty()) {
          throw new InputException(mismatch(spelling.get(lower), seen.get(lower), fixKey));
        }
        types.put(lower, wider.get());
      }
    }
    List<StructField> fields = new ArrayList<>();
    types.forEach(
        (lower, type) -> fields.add(DataTypes.createStructField(spelling.get(lower), type, true)));
    return new AlignedSchema(new StructType(fields.toArray(StructField[]::new)));
  }

  /** The type that holds values of both {@code a} and {@code b} without loss, if there is one. */
  public static Optional<DataType> widen(DataType a, DataType b) {
    if (a.equals(b)) {
      return Optional.of(a);
    }
    if (a.equals(DataTypes.NullType)) {
      return Optional.of(b);
    }
    if (b.equals(DataTypes.NullType)) {
      return Optional.of(a);
    }
    if (isIntegral(a) && isIntegral(b)) {
      return Optional.of(integralRank(a) >= integralRank(b) ? a : b);
    }
    if (isExact(a) && isExact(b)) {
      return Optional.of(widerDecimal(asDecimal(a), asDecimal(b)));
    }
    if (isNumeric(a) && isNumeric(b)) {
      return Optional.of(DataTypes.DoubleType);
    }
    if (isTime(a) && isTime(b)) {
      return Optional.of(DataTypes.TimestampType);
    }
    return Optional.empty();
  }

  private static String mismatch(String column, Map<String, DataType> bySource, String fixKey) {
    StringBuilder types = new StringBuilder();
    bySource.forEach(
        (source, type) ->
            types
                .append(types.length() == 0 ? "" : ", ")
                .append("source ")
                .append(source)
                .append(" has ")
                .append(type.simpleString()));
    DataType first = bySource.values().iterator().next();
    return "Cannot align column '"
        + column
        + "': "
        + types
        + ", and these types cannot be reconciled safely. Declare one type for it in "
        + fixKey
        + ", e.g. \""
        + column
        + " "
        + first.sql()
        + "\" (rows whose value does not parse go to quarantine).";
  }

  private static boolean isIntegral(DataType t) {
    return integralRank(t) > 0;
  }

  private static int integralRank(DataType t) {
    if (t.equals(DataTypes.ByteType)) {
      return 1;
    }
    if (t.equals(DataTypes.ShortType)) {
      return 2;
    }
    if (t.equals(DataTypes.IntegerType)) {
      return 3;
    }
    if (t.equals(DataTypes.LongType)) {
      return 4;
    }
    return 0;
  }

  private static boolean isExact(DataType t) {
    return isIntegral(t) || t instanceof DecimalType;
  }

  private static boolean isNumeric(DataType t) {
    return isExact(t) || t.equals(DataTypes.FloatType) || t.equals(DataTypes.DoubleType);
  }

  private static boolean isTime(DataType t) {
    return t.equals(DataTypes.DateType)
        || t.equals(DataTypes.TimestampType)
        || t.equals(DataTypes.TimestampNTZType);
  }

  private static DecimalType asDecimal(DataType t) {
    if (t instanceof DecimalType d) {
      return d;
    }
    int digits = new int[] {0, 3, 5, 10, 20}[integralRank(t)];
    return DataTypes.createDecimalType(digits, 0);
  }

  private static DataType widerDecimal(DecimalType a, DecimalType b) {
    int scale = Math.max(a.scale(), b.scale());
    int whole = Math.max(a.precision() - a.scale(), b.precision() - b.scale());
    return DataTypes.createDecimalType(Math.min(38, whole + scale), scale);
  }
}
