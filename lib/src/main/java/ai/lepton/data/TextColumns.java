package ai.lepton.data;

import static ai.lepton.data.SourceReader.CORRUPT;
import static ai.lepton.data.SourceReader.REASON;
import static ai.lepton.data.SourceReader.quote;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * How {@link SourceReader} keeps one value from failing a parse: the columns {@link TypedValues}
 * converts are read as text and converted here, each row with the reason (column and raw text) it
 * is rejected for, so it can go to quarantine instead of stopping the job.
 */
final class TextColumns {

  private TextColumns() {}

  /**
   * The schema the format's parser reads with, chosen so that no single value can fail the parse:
   * each column that {@link TypedValues} converts is read as text. JSON decimals are read as a
   * wider decimal instead (Spark renders a JSON number read as text through a double, which would
   * lose digits). Dates and timestamps with a custom format option ({@code dateFormat}, {@code
   * timestampFormat}, {@code timestampNTZFormat}) stay with the parser, which alone knows those
   * formats.
   */
  static StructType asText(StructType schema, SourceSpec spec) {
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      DataType type = fields[i].dataType();
      if (!TypedValues.converts(type) || customFormat(type, spec.options())) {
        continue;
      }
      DataType read =
          type instanceof DecimalType d && spec.format().equals("json")
              ? DataTypes.createDecimalType(38, d.scale() + (38 - d.precision()) / 2)
              : DataTypes.StringType;
      fields[i] = new StructField(fields[i].name(), read, true, fields[i].metadata());
    }
    return new StructType(fields);
  }

  private static boolean customFormat(DataType type, Map<String, String> options) {
    String key =
        type instanceof DateType
            ? "dateformat"
            : type instanceof TimestampType
                ? "timestampformat"
                : type instanceof TimestampNTZType ? "timestampntzformat" : null;
    return key != null
        && options.keySet().stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).equals(key));
  }

  /**
   * {@code raw}'s columns converted from {@code from} to {@code to}, plus {@link #CORRUPT} (the
   * parser's raw text, or the row's values as JSON when one of them does not fit) and {@link
   * #REASON}; {@code rejected} is the reason for a row the parser rejected, where one can be told.
   * {@code encoding}: the encoding text was decoded with, when text values are to be checked for
   * bytes that were not valid in it ({@link InvalidText}); null for formats that store typed
   * values.
   */
  static Dataset<Row> typed(
      Dataset<Row> raw,
      StructType from,
      StructType to,
      TypedValues values,
      Column parserCorrupt,
      Column rejected,
      String encoding) {
    List<Column> converted = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    StructField[] source = from.fields();
    for (int i = 0; i < source.length; i++) {
      String name = source[i].name();
      TypedValues.Converted c =
          values.convert(name, col(quote(name)), source[i].dataType(), to.fields()[i].dataType());
      converted.add(c.value().as(name));
      boolean text = source[i].dataType().equals(DataTypes.StringType);
      reasons.add(
          encoding != null && text
              ? coalesce(InvalidText.reason(name, col(quote(name)), encoding), c.reason())
              : c.reason());
    }
    Column rawJson =
        to_json(
            struct(Arrays.stream(source).map(f -> col(quote(f.name()))).toArray(Column[]::new)),
            Map.of("timeZone", values.zone()));
    Column reason = TypedValues.firstReason(reasons);
    Dataset<Row> checked =
        raw.withColumn(REASON, when(parserCorrupt.isNull(), reason).otherwise(rejected));
    converted.add(
        when(parserCorrupt.isNotNull(), parserCorrupt)
            .when(col(REASON).isNotNull(), rawJson)
            .as(CORRUPT));
    converted.add(col(REASON));
    return checked.select(converted.toArray(Column[]::new));
  }

  /**
   * Why the JSON parser rejected a line, when the line is JSON but one of its values is not usable:
   * a value with bytes that were not valid in the file's encoding (the parser rejects the line; its
   * raw text holds U+FFFD there), or a value the parser itself converts (a decimal, a date with a
   * custom format) that does not fit. The line is read again with those columns as text, and each
   * checked here. Null for lines that are not valid JSON.
   */
  static Column jsonRejection(
      SourceSpec spec, StructType asRead, StructType target, TypedValues values, String encoding) {
    List<StructField> asTextFields = new ArrayList<>();
    for (int i = 0; i < asRead.fields().length; i++) {
      boolean text = asRead.fields()[i].dataType().equals(DataTypes.StringType);
      if (text || TypedValues.converts(target.fields()[i].dataType())) {
        asTextFields.add(
            new StructField(
                target.fields()[i].name(), DataTypes.StringType, true, Metadata.empty()));
      }
    }
    if (asTextFields.isEmpty()) {
      return lit(null).cast(DataTypes.StringType);
    }
    StructType asText = new StructType(asTextFields.toArray(StructField[]::new));
    Map<String, String> options = new HashMap<>(spec.options());
    options.put("timeZone", values.zone());
    Column line = from_json(col(CORRUPT), asText, options);
    List<Column> reasons = new ArrayList<>();
    for (StructField f : asTextFields) {
      Column value = line.getField(f.name());
      Column reason = InvalidText.reason(f.name(), value, encoding);
      if (!asRead.apply(f.name()).dataType().equals(DataTypes.StringType)) {
        DataType type = target.apply(f.name()).dataType();
        reason =
            coalesce(reason, values.convert(f.name(), value, DataTypes.StringType, type).reason());
      }
      reasons.add(reason);
    }
    return TypedValues.firstReason(reasons);
  }
}
