package ai.lepton.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * Why a row that parsed as a whole still cannot be used: the first value that does not fit its
   * column, named (e.g. {@code column 'born': '2023-02-30' is not a valid DATE}); null for good
   * rows and for rows the format's parser rejected as a whole.
   */
  public static final String REASON = "_lepton_reason";

  /** Read order of a row (increasing within a source), for "last read wins". */
  public static final String SEQ = "_lepton_seq";

  /** The file a row came from. */
  public static final String FILE = "_lepton_file";

  private final SparkSession spark;
  private final String zone;

  /**
   * A reader on this session that reads timestamps written without an offset in {@code zone},
   * unless a source's {@code timeZone} option says otherwise. The session's own settings are
   * neither used for that nor changed.
   */
  public SourceReader(SparkSession spark, String zone) {
    this.spark = spark;
    this.zone = zone;
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
   * Parses the given files (or folders) of a source, not cached: its data columns (renamed to their
   * canonical names by the spec's {@link ColumnMapping}) plus {@link #CORRUPT}, {@link #SEQ} and
   * {@link #FILE}. A mapping that names a column the source does not have is a {@link
   * ai.lepton.config.ConfigException}.
   */
  public Dataset<Row> parse(SourceSpec spec, List<String> paths) {
    try {
      Optional<StructType> declared = declaredSchema(spec).map(spec.columns()::toSourceNames);
      Dataset<Row> parsed =
          switch (spec.format()) {
            case "csv", "json" -> readText(spec, declared, paths);
            default -> readTyped(spec, declared, paths);
          };
      spec.columns().check(spec.name(), List.of(dataSchema(parsed.schema()).fieldNames()));
      return spec.columns()
          .rename(parsed)
          .withColumn(SEQ, monotonically_increasing_id())
          .withColumn(FILE, input_file_name());
    } catch (Exception e) {
      // a Lepton error (a bad column, a storage failure) passes through unchanged
      throw InputErrors.unreadable(spec, e);
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
      throw InputErrors.badSchema(spec, e);
    }
  }

  private Dataset<Row> readText(
      SourceSpec spec, Optional<StructType> declared, List<String> paths) {
    StructType fileSchema = textSchema(spec, declared, paths);
    StructType asRead = TextColumns.asText(fileSchema, spec);
    Dataset<Row> raw =
        reader(spec)
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT)
            .schema(asRead.add(CORRUPT, DataTypes.StringType, true))
            .format(spec.format())
            .load(paths.toArray(String[]::new));
    TypedValues values = new TypedValues(zone(spec), spec.format().equals("csv"));
    String encoding = encoding(spec);
    Column rejected =
        spec.format().equals("json")
            ? TextColumns.jsonRejection(spec, asRead, fileSchema, values, encoding)
            : lit(null).cast(DataTypes.StringType);
    return TextColumns.typed(raw, asRead, fileSchema, values, col(CORRUPT), rejected, encoding);
  }

  /** The encoding a text source is decoded with: its {@code encoding} option, else UTF-8. */
  private static String encoding(SourceSpec spec) {
    return spec.options().entrySet().stream()
        .filter(
            e -> e.getKey().equalsIgnoreCase("encoding") || e.getKey().equalsIgnoreCase("charset"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse("UTF-8");
  }

  /** The zone of timestamps written without an offset: the source's option, else this reader's. */
  private String zone(SourceSpec spec) {
    return spec.options().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("timeZone"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(zone);
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
      return raw.withColumn(CORRUPT, lit(null).cast(DataTypes.StringType))
          .withColumn(REASON, lit(null).cast(DataTypes.StringType));
    }
    StructField[] fields = raw.schema().fields().clone();
    for (int i = 0; i < fields.length; i++) {
      StructField target = find(declared.get(), fields[i].name());
      if (target != null) {
        fields[i] =
            new StructField(fields[i].name(), target.dataType(), true, fields[i].metadata());
      }
    }
    TypedValues values = new TypedValues(zone(spec), false);
    Column none = lit(null).cast(DataTypes.StringType);
    return TextColumns.typed(raw, raw.schema(), new StructType(fields), values, none, none, null);
  }

  private DataFrameReader reader(SourceSpec spec) {
    DataFrameReader reader = spark.read();
    spec.options().forEach(reader::option);
    return reader.option("timeZone", zone(spec));
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
}
