package ai.lepton.reconcile;

import ai.lepton.config.LeptonConfig;
import ai.lepton.data.AlignedSchema;
import ai.lepton.data.ColumnMapping;
import ai.lepton.data.ParsedSource;
import ai.lepton.data.SchemaAligner;
import ai.lepton.data.SourceSpec;
import ai.lepton.spark.Progress;
import ai.lepton.storage.ObjectStores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The sources of a reconcile as read and prepared for comparison, with the plan they were aligned
 * to.
 */
record ReconcileInputs(
    IncrementalReader reader,
    List<IncrementalReader.Read> reads,
    ReconcilePlan plan,
    Normalizer norm,
    List<PreparedSource> prepared,
    ReconcileResult.Schema schema,
    Map<String, SourceTransforms> transforms) {

  /**
   * Source {@code i}'s rows in {@code frame} (laid out as the source was read: part of it, or rows
   * of its files from the state) prepared as {@link #prepared} are, {@link PreparedSource#rows}
   * only of the {@code keyCount} keys in {@code keys} (null: all).
   */
  PreparedSource prepare(int i, Dataset<Row> frame, Dataset<Row> keys, long keyCount) {
    ParsedSource p = reads.get(i).parsed();
    return PreparedSource.of(
        new ParsedSource(p.spec(), frame, p.dataSchema()),
        i,
        plan,
        norm,
        transforms.get(plan.sources().get(i)),
        keys,
        keyCount);
  }

  /** What to read for source {@code i} of {@code rc}. */
  static SourceSpec spec(ReconcileConfig rc, int i) {
    ReconcileConfig.SourceConfig s = rc.sources().get(i);
    String schema = s.schema().isBlank() ? rc.schema() : s.schema();
    return new SourceSpec(
        s.name(),
        s.uri(),
        s.format(),
        s.options(),
        schema,
        "lepton.reconcile.sources[" + i + "]",
        new ColumnMapping(s.columns(), "lepton.reconcile.sources[" + i + "].columns"));
  }

  /**
   * Reads a reconcile's sources: lists, parses (or takes unchanged files from the state), aligns,
   * prepares.
   */
  static final class Reader {
    private final SparkSession spark;
    private final LeptonConfig config;
    private final Progress progress;

    Reader(SparkSession spark, LeptonConfig config, Progress progress) {
      this.spark = spark;
      this.config = config;
      this.progress = progress;
    }

    /**
     * {@code state}: the incremental state to take unchanged files from (the run's own, so its
     * manifest is read once); {@code probe}: whether to look at the rows for the columns each
     * source has values in.
     */
    ReconcileInputs read(
        ReconcileConfig rc,
        SourceState state,
        boolean incremental,
        boolean probe,
        List<ParsedSource> parsed) {
      IncrementalReader reader =
          new IncrementalReader(
              spark, state, incremental, rc.normalize().timezone(), ObjectStores.from(config));
      List<IncrementalReader.Read> reads = new ArrayList<>();
      for (int i = 0; i < rc.sources().size(); i++) {
        ReconcileConfig.SourceConfig s = rc.sources().get(i);
        SourceSpec spec = spec(rc, i);
        IncrementalReader.Read read =
            progress.step(
                "reading " + s.name() + " (" + s.format() + ", " + s.uri() + ")",
                () -> reader.read(spec),
                r ->
                    String.format(
                        "%d files to read (%,d bytes), %d unchanged files skipped (%,d bytes)",
                        r.stats().filesRead(),
                        r.stats().bytesRead(),
                        r.stats().filesSkipped(),
                        r.stats().bytesSkipped()));
        reads.add(read);
        parsed.add(read.parsed());
      }
      Map<String, SourceTransforms> transforms =
          SourceTransforms.of(parsed, rc.sources(), rc.key());
      Map<String, StructType> schemas = new LinkedHashMap<>();
      Map<String, List<String>> columns = new LinkedHashMap<>();
      for (int i = 0; i < parsed.size(); i++) {
        ParsedSource p = parsed.get(i);
        ReconcileConfig.SourceConfig s = rc.sources().get(i);
        SourceTransforms t = transforms.get(s.name());
        schemas.put(s.name(), t.schemaOf(p.dataSchema()));
        List<String> has =
            new ArrayList<>(probe ? p.columnsWithValues() : List.of(p.dataSchema().fieldNames()));
        has.removeIf(t::consumes);
        s.transform().keySet().stream()
            .filter(c -> has.stream().noneMatch(c::equalsIgnoreCase))
            .forEach(has::add);
        columns.put(s.name(), List.copyOf(has));
      }
      AlignedSchema aligned =
          SchemaAligner.align(
              SourceTransforms.forAlignment(schemas, transforms),
              "lepton.reconcile.schema",
              rc.ignoreColumns().stream()
                  .map(c -> c.toLowerCase(java.util.Locale.ROOT))
                  .collect(java.util.stream.Collectors.toSet()));
      ReconcilePlan plan = ReconcilePlan.resolve(rc, aligned, columns);
      Normalizer norm = new Normalizer(plan, rc.normalize());
      List<PreparedSource> prepared = new ArrayList<>();
      for (int i = 0; i < parsed.size(); i++) {
        prepared.add(
            PreparedSource.of(parsed.get(i), i, plan, norm, transforms.get(plan.sources().get(i))));
      }
      Map<String, Map<String, String>> mappings = new LinkedHashMap<>();
      Map<String, Map<String, String>> expressions = new LinkedHashMap<>();
      rc.sources().forEach(s -> mappings.put(s.name(), s.columns()));
      rc.sources().forEach(s -> expressions.put(s.name(), s.transform()));
      return new ReconcileInputs(
          reader,
          reads,
          plan,
          norm,
          prepared,
          SchemaReport.of(schemas, columns, plan, mappings, expressions),
          transforms);
    }
  }
}
