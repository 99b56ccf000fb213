package ai.lepton.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads a source in any format with an explicit or inferred schema. Rows that do not parse are
 * kept, with their raw text in {@link #CORRUPT}, for the caller to quarantine.
 */
public final class SourceReader {

  /** Raw text of a row that could not be parsed; null for good rows. */
  public static final String CORRUPT = "_lepton_corrupt";

  /** Read order of a row (increasing within a source), for "last read wins". */
  public static final String SEQ = "_lepton_seq";

  /** The file a row came from. */
  public static final String FILE = "_lepton_file";

  private final SparkSession spark;

  /** A reader on this session. */
  public SourceReader(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Parses a whole source and caches the result. Fails with the source's name if it cannot be read.
   */
  public ParsedSource read(SourceSpec spec) {
    Dataset<Row> frame = parse(spec, List.of(spec.uri()));
    frame.persist(StorageLevel.MEMORY_AND_DISK());
    return new ParsedSource(spec, frame, dataSchema(frame.schema()));
  }

  /**
   * Parses the given files (or folders) of a source, not cached: its data columns plus {@link
   * #CORRUPT}, {@link #SEQ} and {@link #FILE}.
   */
  public Dataset<Row> parse(SourceSpec spec, List<String> paths) {
    try {
      Optional<StructType> declared = declaredSchema(spec);
      Dataset<Row> parsed =
          switch (spec.format()) {
            case "csv", "json" -> readText(spec, declared, paths);
            default -> readTyped(spec, declared, paths);
          };
      return parsed
          .withColumn(SEQ, monotonically_increasing_id())
          .withColumn(FILE, input_file_name());
    } catch (InputException e) {
      throw e;
    } catch (Exception e) {
      throw new InputException(
          "Cannot read source '"
              + spec.name()
              + "' ("
              + spec.uri()
              + ") as "
              + spec.format()
              + ": "
              + rootMessage(e)
              + ". Check that the path exists and holds "
              + spec.format()
              + " data, or fix "
              + spec.configKey()
              + ".",
          e);
    }
  }

  /** The data columns of a parsed frame (without Lepton's own columns). */
  public static StructType dataSchema(StructType parsed) {
    return new StructType(
        Arrays.stream(parsed.fields())
            .filter(f -> !f.name().startsWith("_lepton_") && !f.name().equals("_corrupt_record"))
            .toArray(StructField[]::new));
  }

  private Optional<StructType> declaredSchema(SourceSpec spec) {
    if (spec.schemaDdl() == null || spec.schemaDdl().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(StructType.fromDDL(spec.schemaDdl()));
    } catch (Exception e) {
      throw new InputException(
          "Cannot use the schema of source '"
              + spec.name()
              + "': '"
              + spec.schemaDdl()
              + "' is not a valid DDL schema ("
              + rootMessage(e)
              + "). Write it like \"id STRING, amount DECIMAL(12,2), updated_at TIMESTAMP\".");
    }
  }

  private Dataset<Row> readText(
      SourceSpec spec, Optional<StructType> declared, List<String> paths) {
    StructType fileSchema = textSchema(spec, declared, paths);
    StructType withCorrupt = fileSchema.add(CORRUPT, DataTypes.StringType, true);
    return reader(spec)
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .schema(withCorrupt)
        .format(spec.format())
        .load(paths.toArray(String[]::new));
  }

  /** The schema to parse with: declared types by column name, the file's own order for CSV. */
  private StructType textSchema(
      SourceSpec spec, Optional<StructType> declared, List<String> paths) {
    boolean csv = spec.format().equals("csv");
    if (declared.isPresent() && !csv) {
      return declared.get();
    }
    DataFrameReader reader = reader(spec);
    if (declared.isEmpty() && csv) {
      reader.option("inferSchema", "true");
    }
    StructType inferred =
        withoutCorrupt(reader.format(spec.format()).load(paths.toArray(String[]::new)).schema());
    if (declared.isEmpty()) {
      return inferred;
    }
    boolean header = Boolean.parseBoolean(spec.options().getOrDefault("header", "false"));
    List<StructField> fields = new ArrayList<>();
    StructField[] file = inferred.fields();
    for (int i = 0; i < file.length; i++) {
      StructField match =
          header ? find(declared.get(), file[i].name()) : positional(declared.get(), i);
      fields.add(
          match == null
              ? file[i]
              : new StructField(
                  header ? file[i].name() : match.name(),
                  match.dataType(),
                  true,
                  match.metadata()));
    }
    return new StructType(fields.toArray(StructField[]::new));
  }

  private Dataset<Row> readTyped(
      SourceSpec spec, Optional<StructType> declared, List<String> paths) {
    Dataset<Row> raw = reader(spec).format(spec.format()).load(paths.toArray(String[]::new));
    if (declared.isEmpty()) {
      return raw.withColumn(CORRUPT, lit(null).cast(DataTypes.StringType));
    }
    List<Column> columns = new ArrayList<>();
    Column failed = lit(false);
    for (StructField field : raw.schema().fields()) {
      StructField target = find(declared.get(), field.name());
      if (target == null || target.dataType().equals(field.dataType())) {
        columns.add(col(quote(field.name())));
        continue;
      }
      Column cast = col(quote(field.name())).cast(target.dataType());
      failed = failed.or(col(quote(field.name())).isNotNull().and(cast.isNull()));
      columns.add(cast.as(field.name()));
    }
    Column rawJson = to_json(struct(col("*")));
    columns.add(when(failed, rawJson).as(CORRUPT));
    return raw.select(columns.toArray(Column[]::new));
  }

  private DataFrameReader reader(SourceSpec spec) {
    DataFrameReader reader = spark.read();
    spec.options().forEach(reader::option);
    return reader;
  }

  private static StructType withoutCorrupt(StructType schema) {
    return new StructType(
        Arrays.stream(schema.fields())
            .filter(f -> !f.name().equals(CORRUPT) && !f.name().equals("_corrupt_record"))
            .toArray(StructField[]::new));
  }

  private static StructField find(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    return null;
  }

  private static StructField positional(StructType schema, int index) {
    return index < schema.fields().length ? schema.fields()[index] : null;
  }

  /** Backtick-quotes a column name for use in {@code col()}. */
  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** The first line of the first message in a cause chain, for wrapping engine failures. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
