package ai.lepton.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A generated customer-accounts dataset held in two "clouds" that disagree in known ways, with the
 * exact reconcile outcome it should produce.
 *
 * <p>The aws copy is CSV with a header in {@code workdir/aws/accounts/part-0000N.csv}; the azure
 * copy is JSON lines in {@code workdir/azure/accounts/part-0000N.json}; each has {@value #PARTS}
 * part files. Both are read with {@link #SCHEMA_DDL}. The CSV {@code updated_at} is UTC wall time
 * without a zone, so read it with the session time zone set to UTC.
 *
 * <p>Injected differences, each key getting at most one: conflicts (1% of keys, half with the azure
 * copy later), keys only in aws and only in azure (0.5% each), an older duplicate row in aws
 * (0.2%), and noise in aws that trimming and case-insensitive e-mail and country must absorb (2%);
 * fractions are rounded up. Besides the keyed rows, each copy has {@value #MALFORMED_ROWS}
 * malformed rows and {@value #EMPTY_KEY_ROWS} rows with an empty id. The same seed gives
 * byte-identical files.
 *
 * <pre>{@code
 * DemoDataset demo = DemoDataset.generate(Path.of("/tmp/lepton-demo"), 100_000, 42);
 * String awsUri = demo.awsUri();
 * long conflicts = demo.truth().conflicting();
 * }</pre>
 *
 * @param awsPath absolute folder of the aws copy
 * @param azurePath absolute folder of the azure copy
 * @param truth what a correct reconcile reports for these files
 */
public record DemoDataset(Path awsPath, Path azurePath, GroundTruth truth) {

  /** The schema both copies are read with. */
  public static final String SCHEMA_DDL =
      "id STRING, name STRING, email STRING, country STRING, balance DECIMAL(12,2),"
          + " opened_on DATE, updated_at TIMESTAMP, status STRING";

  /** Name of the source held as CSV. */
  public static final String AWS = "aws";

  /** Name of the source held as JSON lines. */
  public static final String AZURE = "azure";

  /** Part files per copy. */
  public static final int PARTS = PartFiles.PARTS;

  /** Malformed rows per copy, whatever the number of rows. */
  public static final int MALFORMED_ROWS = 3;

  /** Rows with an empty id per copy, whatever the number of rows. */
  public static final int EMPTY_KEY_ROWS = 2;

  /**
   * The largest number of keys {@link #generate} accepts. Files are written one part at a time, so
   * memory grows with the rows of one part, plus a few bytes per key for the injection plan.
   */
  public static final long MAX_ROWS = 20_000_000;

  /**
   * Writes both copies under {@code workdir}, replacing its {@code aws/} and {@code azure/}
   * folders.
   *
   * @param workdir folder to write into; created if missing
   * @param rows number of distinct account keys, 0 to {@link #MAX_ROWS}
   * @param seed picks names, values and which keys get which difference
   * @return where the copies are and what reconciling them must find
   * @throws ai.lepton.config.ConfigException if {@code rows} is out of range
   * @throws ai.lepton.LeptonException if the files cannot be written
   */
  public static DemoDataset generate(Path workdir, long rows, long seed) {
    return generate(workdir, rows, seed, PARTS);
  }

  /**
   * As {@link #generate(Path, long, long)}, with each copy split into {@code parts} files instead
   * of {@link #PARTS} (benchmarks use 100 or more, as real exports have). The rows are the same
   * whatever the number of parts; only where the files split them differs. Part {@code p} holds the
   * keys of the {@code p}-th slice of key numbers (in key order in aws, shuffled in azure), with
   * the stale, malformed and empty-key rows at random places.
   *
   * @param parts part files per copy, 1 or more
   * @throws ai.lepton.config.ConfigException if {@code rows} or {@code parts} is out of range
   */
  public static DemoDataset generate(Path workdir, long rows, long seed, int parts) {
    if (rows < 0 || rows > MAX_ROWS) {
      throw DemoErrors.rowsOutOfRange(rows);
    }
    if (parts < 1) {
      throw DemoErrors.partsOutOfRange(parts);
    }
    InjectionPlan plan = InjectionPlan.draw((int) rows, random(seed, 1));
    AccountGenerator accounts = new AccountGenerator(random(seed, 2));
    Random layout = random(seed, 3);
    Copies copies = new Copies(accounts, parts);
    AccountGenerator extras = new AccountGenerator(random(seed, 4));
    copies.addMalformed(
        extraAccounts(extras, 1, MALFORMED_ROWS), extraAccounts(extras, 4, MALFORMED_ROWS), layout);
    for (Account keyless : extraAccounts(extras, 7, EMPTY_KEY_ROWS)) {
      copies.addEmptyKey(keyless, layout);
    }

    Path root = workdir.toAbsolutePath().normalize();
    Path aws = root.resolve(AWS).resolve("accounts");
    Path azure = root.resolve(AZURE).resolve("accounts");
    PartFiles.delete(root.resolve(AWS));
    PartFiles.delete(root.resolve(AZURE));
    // One part at a time: only that part's lines are in memory, so tens of millions of rows fit.
    for (int part = 0; part < parts; part++) {
      long from = rows * part / parts;
      long to = rows * (part + 1) / parts;
      for (long i = from; i < to; i++) {
        copies.add(accounts.next(key("C", i)), plan.of((int) i));
      }
      PartFiles.writePart(aws, part, "csv", CsvFormat.HEADER, copies.takeAwsLines(part, layout));
      PartFiles.writePart(azure, part, "json", null, copies.takeAzureLines(part, layout));
    }
    return new DemoDataset(aws, azure, truth(plan, rows, copies));
  }

  /** The aws folder as a {@code file:} URI. */
  public String awsUri() {
    return awsPath.toUri().toString();
  }

  /** The azure folder as a {@code file:} URI. */
  public String azureUri() {
    return azurePath.toUri().toString();
  }

  private static GroundTruth truth(InjectionPlan plan, long rows, Copies copies) {
    long conflicting =
        plan.count(Injection.CONFLICT_AZURE_LATER) + plan.count(Injection.CONFLICT_AWS_LATER);
    long awsOnly = plan.count(Injection.AWS_ONLY);
    long azureOnly = plan.count(Injection.AZURE_ONLY);
    long duplicates = plan.count(Injection.DUPLICATE);
    long quarantined = MALFORMED_ROWS + EMPTY_KEY_ROWS;
    return new GroundTruth(
        Map.of(
            AWS, rows - azureOnly + duplicates + quarantined, AZURE, rows - awsOnly + quarantined),
        Map.of(AWS, quarantined, AZURE, quarantined),
        Map.of(AWS, duplicates, AZURE, 0L),
        rows,
        rows - conflicting - awsOnly - azureOnly,
        conflicting,
        Map.of(AWS, azureOnly, AZURE, awsOnly),
        plan.count(Injection.NOISE),
        copies.latestBalance().keySet(),
        copies.latestBalance(),
        copies.awsBalance());
  }

  private static List<Account> extraAccounts(
      AccountGenerator accounts, int firstNumber, int count) {
    return IntStream.range(firstNumber, firstNumber + count)
        .mapToObj(number -> accounts.next(key("X", number)))
        .toList();
  }

  private static String key(String prefix, long number) {
    String digits = Long.toString(number);
    return prefix + "0".repeat(Math.max(0, 7 - digits.length())) + digits;
  }

  private static Random random(long seed, int stream) {
    long mixed = seed + stream * 0x9E3779B97F4A7C15L;
    mixed = (mixed ^ (mixed >>> 30)) * 0xBF58476D1CE4E5B9L;
    mixed = (mixed ^ (mixed >>> 27)) * 0x94D049BB133111EBL;
    return new Random(mixed ^ (mixed >>> 31));
  }
}
