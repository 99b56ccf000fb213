package ai.lepton.benchmarks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import ai.lepton.Lepton;
import ai.lepton.config.LeptonConfig;
import ai.lepton.demo.DemoDataset;
import ai.lepton.internal.LocalFiles;
import ai.lepton.reconcile.ReconcileResult;
import ai.lepton.spark.LeptonSpark;
import ai.lepton.spark.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reconcile at scale, in one JVM and one Spark session: the parse floor (each source parsed with
 * its schema and every value hashed), a hand-written Spark reconcile of the same data, and Lepton's
 * reconcile into empty tables, re-run with nothing changed, after one of the aws files changed (1%
 * of its keys) and after a file was added. Per run: wall time (median over reps), ratios to the
 * floor and to the hand-written job, source files and bytes Lepton read, bytes read by all scans
 * and Spark jobs (a SparkListener), and peak execution memory of a task.
 *
 * <pre>
 * mvn -B -pl benchmarks -am package -DskipTests -Drapids.skip=true
 * java $SPARK_JAVA17_FLAGS -Xmx4g \
 *   -cp 'benchmarks/target/*:benchmarks/target/lib/*:benchmarks/target/spark-lib/*' \
 *   ai.lepton.benchmarks.ReconcileBenchmark [--rows 100000,1000000] [--files 100] [--reps 3]
 *   [--work /tmp/lepton-reconcile-bench] [--out benchmarks/results/reconcile-run.md] [--profile]
 *   [--runs 6]
 * </pre>
 *
 * {@code --profile} prints each reconcile step with the Spark jobs run so far; {@code --runs 4}
 * stops after the unchanged re-run (for large sizes on a busy machine).
 *
 * <p>{@code --smoke} runs tiny data once (the benchmark's own test runs it in {@code mvn verify}).
 */
public final class ReconcileBenchmark {

  /** The runs measured, in the order they run within a repetition. */
  static final List<String> RUNS =
      List.of(
          "parse floor",
          "hand-written",
          "lepton full",
          "lepton unchanged",
          "lepton 1% changed",
          "lepton file added");

  private ReconcileBenchmark() {}

  /** What the benchmark is asked to do. */
  record Options(
      List<Long> rows, int files, int reps, Path work, Path out, boolean profile, int runs) {

    static Options parse(String[] args) {
      Flags f = BenchmarkFlags.parse(new Flags(), args);
      return f.smoke
          ? new Options(List.of(400L), 8, 1, f.work, f.out, f.profile, f.runs)
          : new Options(f.rows, f.files, f.reps, f.work, f.out, f.profile, f.runs);
    }
  }

  /** The command line; see the class comment. */
  @Command(name = "ReconcileBenchmark", mixinStandardHelpOptions = true)
  static final class Flags {
    @Option(
        names = "--rows",
        split = ",",
        defaultValue = "100000",
        description = "table sizes in rows (default 100000)")
    List<Long> rows;

    @Option(names = "--files", description = "source files per size (default 100)")
    int files = 100;

    @Option(names = "--reps", description = "repetitions (default 3)")
    int reps = 3;

    @Option(names = "--work", description = "scratch folder")
    Path work = Path.of(System.getProperty("java.io.tmpdir"), "lepton-reconcile-bench");

    @Option(names = "--out", description = "where the Markdown report goes (else stdout only)")
    Path out;

    @Option(names = "--profile", description = "print each reconcile step with its Spark jobs")
    boolean profile;

    @Option(names = "--runs", description = "how many of the runs to measure (default all 6)")
    int runs = RUNS.size();

    @Option(names = "--smoke", description = "400 rows, 8 files, 1 repetition")
    boolean smoke;
  }

  /** One measured run. */
  record Measure(
      long rows,
      String run,
      int rep,
      double seconds,
      long sourceFilesRead,
      long sourceBytesRead,
      long inputBytes,
      long jobs,
      long peakTaskMemory,
      long goldenRows) {}

  /** Runs the benchmark; see the class comment for arguments. */
  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    String loadBefore = loadAverage();
    List<Measure> all = run(o);
    String md = markdown(all, o, args, loadBefore, loadAverage());
    System.out.print(md);
    if (o.out() != null) {
      Files.createDirectories(o.out().toAbsolutePath().getParent());
      Files.writeString(o.out(), md);
    }
  }

  /** Runs every size and repetition and returns each measured run. */
  static List<Measure> run(Options o) throws IOException {
    Files.createDirectories(o.work());
    SparkSession spark =
        LeptonSpark.session(LeptonConfig.parse(config(o.work(), "ignored", "ignored")));
    Counters counters = new Counters();
    spark.sparkContext().addSparkListener(counters);
    List<Measure> all = new ArrayList<>();
    for (long rows : o.rows()) {
      Path data = o.work().resolve("data-" + rows);
      DemoDataset demo = DemoDataset.generate(data, rows, 42, o.files());
      Files.createDirectories(data.resolve("pristine"));
      Path changed = partFile(demo.awsPath(), o.files() / 2, "csv");
      Path pristine = data.resolve("pristine").resolve(changed.getFileName());
      Files.copy(changed, pristine, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Path added = partFile(demo.awsPath(), o.files(), "csv");
      for (int rep = 1; rep <= o.reps(); rep++) {
        Files.copy(pristine, changed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(added);
        Path out = o.work().resolve("out-" + rows + "-" + rep);
        LocalFiles.deleteTree(out);
        String cfg =
            config(o.work(), demo.awsUri(), demo.azureUri()).replace("%OUT%", out.toString());
        LeptonConfig config = LeptonConfig.parse(cfg);
        final int r = rep;
        all.add(measure(spark, counters, rows, "parse floor", r, () -> floor(spark, demo)));
        all.add(
            measure(spark, counters, rows, "hand-written", r, () -> handWritten(spark, demo, out)));
        all.add(lepton(spark, counters, config, rows, "lepton full", r, o.profile()));
        all.add(lepton(spark, counters, config, rows, "lepton unchanged", r, o.profile()));
        if (o.runs() > 4) {
          changeOnePercent(changed);
          all.add(lepton(spark, counters, config, rows, "lepton 1% changed", r, o.profile()));
        }
        if (o.runs() > 5) {
          addFile(partFile(demo.awsPath(), 0, "csv"), added);
          all.add(lepton(spark, counters, config, rows, "lepton file added", r, o.profile()));
        }
      }
      Files.copy(pristine, changed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(added);
    }
    return all;
  }

  private static Path partFile(Path folder, int part, String extension) {
    return folder.resolve(String.format(Locale.ROOT, "part-%05d.%s", part, extension));
  }

  // ---- the runs ----

  /** Result of a run: golden rows (or the hash sum for the floor), files and bytes Lepton read. */
  private record Outcome(long goldenRows, long filesRead, long bytesRead) {}

  private static Measure measure(
      SparkSession spark,
      Counters counters,
      long rows,
      String run,
      int rep,
      Supplier<Outcome> work) {
    counters.drain(spark);
    counters.reset();
    long start = System.nanoTime();
    Outcome outcome = work.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    counters.drain(spark);
    Measure m =
        new Measure(
            rows,
            run,
            rep,
            seconds,
            outcome.filesRead(),
            outcome.bytesRead(),
            counters.inputBytes,
            counters.jobs,
            counters.peakTaskMemory,
            outcome.goldenRows());
    System.err.println("[bench] " + m);
    return m;
  }

  private static Measure lepton(
      SparkSession spark,
      Counters counters,
      LeptonConfig config,
      long rows,
      String run,
      int rep,
      boolean profile) {
    return measure(
        spark,
        counters,
        rows,
        run,
        rep,
        () -> {
          Progress progress =
              profile
                  ? new Progress(
                      "reconcile",
                      spark,
                      line -> {
                        counters.drain(spark);
                        System.err.printf(Locale.ROOT, "  [jobs %3d] %s%n", counters.jobs, line);
                      },
                      0)
                  : Progress.silent("reconcile", spark);
          ReconcileResult r = Lepton.with(spark).reconcile(config).progress(progress).execute();
          if (!r.succeeded()) {
            throw new IllegalStateException("reconcile did not succeed: " + r);
          }
          long files = r.sources().stream().mapToLong(ReconcileResult.Source::filesRead).sum();
          long bytes = r.sources().stream().mapToLong(ReconcileResult.Source::bytesRead).sum();
          return new Outcome(r.golden().rows(), files, bytes);
        });
  }

  /** Each source parsed with its schema and options; every column of every row hashed, summed. */
  static Outcome floor(SparkSession spark, DemoDataset demo) {
    StructType schema = StructType.fromDDL(DemoDataset.SCHEMA_DDL);
    Column[] all = Arrays.stream(schema.fieldNames()).map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> aws = spark.read().option("header", "true").schema(schema).csv(demo.awsUri());
    Dataset<Row> azure = spark.read().schema(schema).json(demo.azureUri());
    long total = 0;
    for (Dataset<Row> d : List.of(aws, azure)) {
      Row r = d.agg(sum(hash(all).cast("long"))).first();
      total += r.isNullAt(0) ? 0 : r.getLong(0);
    }
    return new Outcome(total, 0, 0);
  }

  /**
   * A reconcile as one would write it by hand: trim strings and lower-case e-mail and country,
   * latest row per key, full outer join, the later copy wins; golden rows overwrite a Delta table
   * and the keys whose copies differ (or exist once) overwrite another.
   */
  static Outcome handWritten(SparkSession spark, DemoDataset demo, Path out) {
    StructType schema = StructType.fromDDL(DemoDataset.SCHEMA_DDL);
    Dataset<Row> aws =
        latest(normalized(spark.read().option("header", "true").schema(schema).csv(demo.awsUri())));
    Dataset<Row> azure = latest(normalized(spark.read().schema(schema).json(demo.azureUri())));
    List<String> names = List.of(schema.fieldNames());
    Dataset<Row> joined =
        aws.as("a").join(azure.as("b"), col("a.id").equalTo(col("b.id")), "full_outer");
    Column bWins =
        col("a.id")
            .isNull()
            .or(col("b.id").isNotNull().and(col("b.updated_at").gt(col("a.updated_at"))));
    Column[] golden =
        names.stream()
            .map(c -> when(bWins, col("b." + c)).otherwise(col("a." + c)).as(c))
            .toArray(Column[]::new);
    Column differs = col("a.id").isNull().or(col("b.id").isNull());
    for (String c : names) {
      if (!c.equals("id") && !c.equals("updated_at")) {
        differs = differs.or(col("a." + c).eqNullSafe(col("b." + c)).unary_$bang());
      }
    }
    joined
        .select(golden)
        .write()
        .format("delta")
        .mode("overwrite")
        .save(out.resolve("hand-golden").toString());
    joined
        .where(differs)
        .select(when(col("a.id").isNull(), col("b.id")).otherwise(col("a.id")).as("id"))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(out.resolve("hand-differing").toString());
    long rows = spark.read().format("delta").load(out.resolve("hand-golden").toString()).count();
    return new Outcome(rows, 0, 0);
  }

  private static Dataset<Row> normalized(Dataset<Row> d) {
    return d.withColumn("id", trim(col("id")))
        .withColumn("name", trim(col("name")))
        .withColumn("email", lower(trim(col("email"))))
        .withColumn("country", lower(trim(col("country"))))
        .withColumn("status", trim(col("status")))
        .where(col("id").isNotNull().and(col("id").notEqual("")));
  }

  private static Dataset<Row> latest(Dataset<Row> d) {
    String[] names = d.columns();
    Column[] rest =
        Arrays.stream(names)
            .filter(c -> !c.equals("updated_at"))
            .map(c -> col(c))
            .toArray(Column[]::new);
    Column[] ordered = new Column[rest.length + 1];
    ordered[0] = col("updated_at");
    System.arraycopy(rest, 0, ordered, 1, rest.length);
    Column[] unpacked = Arrays.stream(names).map(c -> col("_r." + c).as(c)).toArray(Column[]::new);
    return d.groupBy(col("id")).agg(max(struct(ordered)).as("_r")).select(unpacked);
  }

  // ---- changing the data ----

  /** Rewrites a CSV part: every keyed row gets a new balance and a later update time. */
  static void changeOnePercent(Path csv) {
    try {
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>(lines.size());
      out.add(lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        List<String> f = Csv.split(line);
        if (f.size() == 8 && f.get(4).matches("-?\\d+\\.\\d+") && f.get(6).matches("\\d{4}-.*")) {
          f.set(
              4, new java.math.BigDecimal(f.get(4)).add(java.math.BigDecimal.ONE).toPlainString());
          f.set(6, "2031-01-01 00:00:00");
          out.add(Csv.join(f));
        } else {
          out.add(line);
        }
      }
      Files.write(csv, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a new CSV part with the rows of {@code template} under new keys. */
  static void addFile(Path template, Path added) {
    try {
      List<String> lines = Files.readAllLines(template, StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>(lines.size());
      out.add(lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        out.add(line.startsWith("C") ? "N" + line.substring(1) : line);
      }
      Files.write(added, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Just enough RFC 4180 for the demo's lines (no line breaks inside fields). */
  static final class Csv {
    private Csv() {}

    static List<String> split(String line) {
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            f.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(f.toString());
          f.setLength(0);
        } else {
          f.append(c);
        }
      }
      fields.add(f.toString());
      return fields;
    }

    static String join(List<String> fields) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < fields.size(); i++) {
        String v = fields.get(i);
        if (i > 0) {
          b.append(',');
        }
        boolean q =
            !v.isEmpty()
                && (v.strip().length() != v.length() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0);
        b.append(q ? '"' + v.replace("\"", "\"\"") + '"' : v);
      }
      return b.toString();
    }
  }

  // ---- measuring ----

  /** Counts Spark jobs, bytes read by scans and the largest task execution memory. */
  static final class Counters extends SparkListener {
    volatile long jobs;
    volatile long inputBytes;
    volatile long peakTaskMemory;

    void reset() {
      jobs = 0;
      inputBytes = 0;
      peakTaskMemory = 0;
    }

    void drain(SparkSession spark) {
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("Spark's listener bus did not drain in 60 s", e);
      }
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart jobStart) {
      jobs++;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (taskEnd.taskMetrics() != null) {
        inputBytes += taskEnd.taskMetrics().inputMetrics().bytesRead();
        peakTaskMemory = Math.max(peakTaskMemory, taskEnd.taskMetrics().peakExecutionMemory());
      }
    }
  }

  static String config(Path work, String awsUri, String azureUri) {
    return """
        lepton {
          work-dir = "%s"
          track.enabled = false
          reconcile {
            key = ["id"]
            schema = "%s"
            sources = [
              { name = aws, uri = "%s", format = csv, options { header = "true" } }
              { name = azure, uri = "%s", format = json }
            ]
            normalize.case-insensitive-columns = ["email", "country"]
            output {
              golden = "%%OUT%%/golden"
              discrepancies = "%%OUT%%/discrepancies"
              quarantine = "%%OUT%%/quarantine"
            }
          }
        }
        """
        .formatted(work.resolve("lepton-work"), DemoDataset.SCHEMA_DDL, awsUri, azureUri);
  }

  // ---- report ----

  /** The median of each run's repetitions, by data size, in run order. */
  static Map<Long, Map<String, Measure>> medians(List<Measure> all) {
    Map<Long, Map<String, Measure>> out = new LinkedHashMap<>();
    for (Measure m : all) {
      out.computeIfAbsent(m.rows(), k -> new LinkedHashMap<>());
    }
    for (Map.Entry<Long, Map<String, Measure>> e : out.entrySet()) {
      for (String run : RUNS) {
        List<Measure> reps =
            all.stream()
                .filter(m -> m.rows() == e.getKey() && m.run().equals(run))
                .sorted(Comparator.comparingDouble(Measure::seconds))
                .toList();
        if (!reps.isEmpty()) {
          e.getValue().put(run, reps.get(reps.size() / 2));
        }
      }
    }
    return out;
  }

  static String markdown(
      List<Measure> all, Options o, String[] args, String loadBefore, String loadAfter) {
    StringBuilder b = new StringBuilder();
    b.append("Measured ")
        .append(Instant.now())
        .append(" with `ReconcileBenchmark ")
        .append(String.join(" ", args))
        .append("`.  \nMachine: ")
        .append(Report.machine())
        .append(".  \nLoad average before / after: ")
        .append(loadBefore)
        .append(" / ")
        .append(loadAfter)
        .append(" (the machine is shared; compare ratios within one run).\n\n");
    b.append(
        "| rows | run | median s | x floor | x hand-written | x lepton full | source files read"
            + " | source bytes read | bytes read by all scans | Spark jobs | peak task memory MiB"
            + " |\n");
    b.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<Long, Map<String, Measure>> e : medians(all).entrySet()) {
      Map<String, Measure> runs = e.getValue();
      double floor = runs.get("parse floor").seconds();
      double hand = runs.get("hand-written").seconds();
      double full = runs.get("lepton full").seconds();
      for (Measure m : runs.values()) {
        boolean lepton = m.run().startsWith("lepton");
        b.append(
            String.format(
                Locale.ROOT,
                "| %,d | %s | %.1f | %.2f | %.2f | %s | %s | %s | %,d | %d | %.0f |%n",
                e.getKey(),
                m.run(),
                m.seconds(),
                m.seconds() / floor,
                m.seconds() / hand,
                lepton ? String.format(Locale.ROOT, "%.2f", m.seconds() / full) : "",
                lepton ? Long.toString(m.sourceFilesRead()) : "",
                lepton ? String.format(Locale.ROOT, "%,d", m.sourceBytesRead()) : "",
                m.inputBytes(),
                m.jobs(),
                m.peakTaskMemory() / 1048576.0));
      }
    }
    b.append("\nAll repetitions (seconds): ");
    for (Measure m : all) {
      b.append(
          String.format(Locale.ROOT, "%,d %s #%d %.1f; ", m.rows(), m.run(), m.rep(), m.seconds()));
    }
    b.append("\n");
    return b.toString();
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0]
          + " "
          + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[1]
          + " "
          + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
