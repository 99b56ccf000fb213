package ai.lepton.jobs;

import ai.lepton.demo.DemoDataset;
import ai.lepton.model.ModelFormat;
import ai.lepton.storage.emulator.Emulators;
import ai.lepton.testing.DemoReconcileConfig;
import ai.lepton.testing.EmulatorsExtension;
import ai.lepton.testing.TestModels;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never appear in any output. Distinctive fake secrets go into every credential key the
 * stores read (directly, or by environment substitution) and every environment variable the stores
 * and SDKs read; failing commands (credentials s3proxy and Azurite reject, credentials in a URI)
 * and succeeding ones (a reconcile of the demo, an export) then run with {@code --json}, {@code
 * --report}, {@code -Dlepton.debug=true} and DEBUG logging of Lepton, Hadoop's s3a/wasb and the
 * SDKs. Everything they print and write is scanned: stdout and stderr, the reports, every file
 * under the output and work folders (Delta logs, manifests), and every row of every Delta table
 * written (the runs table among them), read with Spark.
 */
@ExtendWith(EmulatorsExtension.class)
class SecretsLeakIT {

  /** What every fake secret contains; nothing Lepton writes may contain it. */
  private static final String MARK = "LEPTONLEAK";

  @TempDir Path dir;

  /** A fake secret made only of Base64 letters (so the SDKs accept it as a key), mark included. */
  private static String secret(String name) {
    String s = MARK + name + "7f3a";
    return s + "A".repeat((4 - s.length() % 4) % 4);
  }

  private static final String S3_KEY_ID = secret("S3AccessKeyId");
  private static final String S3_SECRET = secret("S3SecretAccessKey");
  private static final String S3_TOKEN = secret("S3SessionToken");
  private static final String URI_KEY = secret("UriKey");
  private static final String URI_SECRET = secret("UriSecret");

  /** Every environment variable the stores, the SDKs or Hadoop read a credential from. */
  private static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", secret("EnvAwsAccessKeyId"));
    env.put("AWS_SECRET_ACCESS_KEY", secret("EnvAwsSecretAccessKey"));
    env.put("AWS_SESSION_TOKEN", secret("EnvAwsSessionToken"));
    env.put("AZURE_STORAGE_KEY", secret("EnvAzureStorageKey"));
    env.put(
        "AZURE_STORAGE_CONNECTION_STRING",
        "DefaultEndpointsProtocol=http;AccountName="
            + Emulators.AZURE_ACCOUNT
            + ";AccountKey="
            + secret("EnvAzureConnectionStringKey")
            + ";BlobEndpoint=http://127.0.0.1:"
            + Emulators.AZURITE_PORT
            + "/"
            + Emulators.AZURE_ACCOUNT
            + ";");
    env.put(
        "AZURE_STORAGE_SAS_TOKEN",
        "sv=2021-08-06&ss=b&srt=sco&sp=rwdlac&se=2030-01-01T00:00:00Z&spr=http&sig="
            + secret("EnvAzureSasSig"));
    env.put("AZURE_CLIENT_ID", "lepton-test-client");
    env.put("AZURE_TENANT_ID", "lepton-test-tenant");
    env.put("AZURE_CLIENT_SECRET", secret("EnvAzureClientSecret"));
    return env;
  }

  /** Stores with every credential key set: literally (s3), from the environment (azure). */
  private static String stores(Emulators emulators, String bucket, String envBucket) {
    String s3 = emulators.s3().endpoint();
    String azure = "http://127.0.0.1:" + Emulators.AZURITE_PORT + "/" + Emulators.AZURE_ACCOUNT;
    String account = Emulators.AZURE_ACCOUNT;
    return """
        lepton.stores {
          leak-s3 { type = s3, buckets = ["%s"], endpoint = "%s", region = us-east-1,
            path-style-access = true, emulator = true,
            credentials { mode = static, access-key-id = "%s", secret-access-key = "%s" } }
          # s3proxy answers 501 to a session token (retried for minutes): configured, not used
          leak-s3-token { type = s3, buckets = [leak-unused], endpoint = "%s", region = us-east-1,
            path-style-access = true, emulator = true,
            credentials { mode = static, access-key-id = "%s", secret-access-key = "%s",
              session-token = "%s" } }
          leak-s3-env { type = s3, buckets = ["%s"], endpoint = "%s", region = us-east-1,
            path-style-access = true, emulator = true, retry.max-attempts = 1 }
          leak-az-key { type = azure, account = %s, containers = [leak-key], endpoint = "%s",
            emulator = true, retry.max-attempts = 1,
            credentials { mode = account-key, account-key = ${?AZURE_STORAGE_KEY} } }
          leak-az-sas { type = azure, account = %s, containers = [leak-sas], endpoint = "%s",
            emulator = true, retry.max-attempts = 1,
            credentials { mode = sas, sas-token = ${?AZURE_STORAGE_SAS_TOKEN} } }
          leak-az-conn { type = azure, account = %s, containers = [leak-conn], emulator = true,
            retry.max-attempts = 1,
            credentials { mode = connection-string,
              connection-string = ${?AZURE_STORAGE_CONNECTION_STRING} } }
          leak-az-default { type = azure, account = leakaccount }
        }
        """
        .formatted(
            bucket, s3, S3_KEY_ID, S3_SECRET, s3, S3_KEY_ID, S3_SECRET, S3_TOKEN, envBucket, s3,
            account, azure, account, azure, account);
  }

  @Test
  void noSecretAppearsInAnyOutputOfFailingOrSucceedingCommands(Emulators emulators)
      throws Exception {
    Path conf = dir.resolve("conf"); // holds the secrets: the only folder not scanned
    Path out = dir.resolve("out");
    Path cwd = out.resolve("cwd");
    Files.createDirectories(conf);
    Files.createDirectories(cwd);
    String bucket = TestStores.uniqueName("leak");
    String envBucket = TestStores.uniqueName("leak-env");
    String common =
        stores(emulators, bucket, envBucket)
            + "lepton.work-dir = \""
            + out.resolve("work")
            + "\"\nlepton.track.runs = \""
            + out.resolve("runs")
            + "\"\n"
            + SMALL_SPARK;
    // bin/lepton's logging at INFO, with Lepton, Hadoop and the SDKs at DEBUG, and stack traces
    Path log4j = conf.resolve("log4j2-debug.properties");
    Files.writeString(
        log4j, Files.readString(repo().resolve("conf/log4j2-cli.properties")) + DEBUG_LOGGERS);
    List<String> jvm =
        List.of(
            "-Dlepton.debug=true",
            "-Dlepton.log.level=info",
            "-Dlog4j2.configurationFile=" + log4j.toUri());
    Map<String, String> env = environment();

    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 200, 11);
    Path model = dir.resolve("model");
    TestModels.write(
        model,
        "churn",
        ModelFormat.ONNX,
        "r1",
        Map.of("model.onnx", "graph".getBytes(StandardCharsets.UTF_8)));

    Path reconcileOk =
        write(
            conf.resolve("reconcile-ok.conf"),
            common + DemoReconcileConfig.hocon(demo, out) + "lepton.track.enabled = true\n");
    Path reconcileS3 =
        write(
            conf.resolve("reconcile-s3.conf"),
            common
                + DemoReconcileConfig.hocon(
                    "s3a://" + bucket + "/aws/",
                    demo.azureUri(),
                    out.resolve("golden-s3").toString(),
                    out.resolve("discrepancies-s3").toString(),
                    out.resolve("quarantine-s3").toString())
                + "lepton.track.enabled = true\n");
    Path exportOk =
        write(
            conf.resolve("export-ok.conf"),
            common + export(model, out.resolve("serving").toString(), false));
    Path exportEnv =
        write(
            conf.resolve("export-env.conf"),
            common + export(model, "s3://" + envBucket + "/serving", false));
    List<Path> azureExports = new ArrayList<>();
    for (String container : List.of("leak-key", "leak-sas", "leak-conn")) {
      azureExports.add(
          write(
              conf.resolve("export-" + container + ".conf"),
              common
                  + export(
                      model,
                      "wasb://"
                          + container
                          + "@"
                          + Emulators.AZURE_ACCOUNT
                          + ".blob.core.windows.net/serving",
                      false)));
    }

    // the two reconciles start Spark; the exports do not (no runs table): three at a time
    ExecutorService pool = Executors.newFixedThreadPool(3);
    Future<Run> reconciling =
        pool.submit(() -> child(cwd, env, jvm, out, "reconcile", reconcileOk));
    Future<Run> failing = pool.submit(() -> child(cwd, env, jvm, out, "reconcile", reconcileS3));
    List<Future<Run>> exports = new ArrayList<>();
    for (Path c :
        List.of(
            azureExports.get(0), azureExports.get(1), azureExports.get(2), exportEnv, exportOk)) {
      exports.add(pool.submit(() -> child(cwd, env, jvm, out, "export", c)));
    }
    pool.shutdown();
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(exports.get(i).get());
    }
    runs.add(failing.get());
    Run reconciled = reconciling.get();
    runs.add(reconciled);
    Run exported = exports.get(4).get();
    runs.add(exported);
    runs.add(inProcess(out, "reconcile", "-c", uriCredentials(conf, demo, out).toString()));
    runs.add(inProcess(out, "show", "s3a://" + URI_KEY + ":" + URI_SECRET + "@" + bucket + "/g"));

    Scan scan = new Scan();
    runs.forEach(r -> scan.text(r.name(), r.output()));
    scan.files(out);
    scan.deltaTables(TestSpark.session(), out);

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(scan.leaks).as("where a fake secret appeared").isEmpty();
    for (int i = 0; i < 3; i++) {
      soft.assertThat(runs.get(i).exitCode()).as(runs.get(i).output()).isEqualTo(Main.RUNTIME);
    }
    soft.assertThat(runs.get(0).output()).contains("lepton.stores.leak-az-key.credentials");
    soft.assertThat(runs.get(1).output()).contains("lepton.stores.leak-az-sas.credentials");
    soft.assertThat(runs.get(2).output()).contains("lepton.stores.leak-az-conn.credentials");
    soft.assertThat(runs.get(3).exitCode()).as(runs.get(3).output()).isEqualTo(Main.RUNTIME);
    soft.assertThat(runs.get(3).output()).contains("(store 'leak-s3-env')");
    soft.assertThat(runs.get(4).exitCode()).as(runs.get(4).output()).isEqualTo(Main.RUNTIME);
    // the store's answer, or (once a wrong key is told apart from a bad path) the key to fix
    soft.assertThat(runs.get(4).output())
        .containsAnyOf("403 Forbidden", "lepton.stores.leak-s3.credentials");
    soft.assertThat(reconciled.exitCode()).as(reconciled.output()).isEqualTo(Main.OK);
    soft.assertThat(exported.exitCode()).as(exported.output()).isEqualTo(Main.OK);
    soft.assertThat(runs.get(7).exitCode()).as(runs.get(7).output()).isEqualTo(Main.USAGE);
    soft.assertThat(runs.get(8).exitCode()).as(runs.get(8).output()).isEqualTo(Main.USAGE);
    soft.assertThat(scan.deltaTables)
        .as("the tables written, each read with Spark")
        .contains(
            out.resolve("golden"),
            out.resolve("discrepancies"),
            out.resolve("quarantine"),
            out.resolve("runs"));
    soft.assertThat(scan.rows).as("rows scanned").isGreaterThan(200);
    soft.assertThat(scan.files).as("files scanned").isGreaterThan(20);
    soft.assertThat(scan.bytes).as("bytes scanned").isGreaterThan(100_000);
    soft.assertThat(scan.filesNamed("manifest.json")).isPositive();
    soft.assertThat(scan.filesNamed("report.json"))
        .as("every command that got past its config wrote its report")
        .isEqualTo(7);
    soft.assertThat(String.join("\n", runs.stream().map(Run::output).toList()))
        .as("DEBUG logging was on")
        .contains(" DEBUG ");
    soft.assertAll();
  }

  /** A config with an S3 credential written into a source's URI (refused, exit 2). */
  private static Path uriCredentials(Path conf, DemoDataset demo, Path out) throws IOException {
    return write(
        conf.resolve("uri.conf"),
        DemoReconcileConfig.hocon(
            "s3a://" + URI_KEY + ":" + URI_SECRET + "@bucket/aws/",
            demo.azureUri(),
            out.resolve("golden-uri").toString(),
            out.resolve("discrepancies-uri").toString(),
            out.resolve("quarantine-uri").toString()));
  }

  private static String export(Path model, String uri, boolean track) {
    return "lepton.export { model = \""
        + model
        + "\", targets = [ { name = t, type = azureml, uri = \""
        + uri
        + "\" } ] }\nlepton.track.enabled = "
        + track
        + "\n";
  }

  /** A small local session; and a Hadoop credential set through Spark's own settings. */
  private static final String SMALL_SPARK =
      """
      lepton.spark { master = "local[1]", conf {
        "spark.sql.shuffle.partitions" = "1"
        "spark.databricks.delta.snapshotPartitions" = "1"
        "spark.hadoop.fs.s3a.bucket.leak-unused.secret.key" = "%s" } }
      """
          .formatted(secret("SparkConfS3aSecret"));

  /** Lepton, Hadoop's file systems, both AWS SDKs, the Azure SDK and HTTP clients at DEBUG. */
  private static final String DEBUG_LOGGERS =
      """

      logger.lepton.name = ai.lepton
      logger.lepton.level = debug
      logger.hadoopfs.name = org.apache.hadoop.fs
      logger.hadoopfs.level = debug
      logger.sdk2.name = software.amazon.awssdk
      logger.sdk2.level = debug
      logger.sdk1.name = com.amazonaws
      logger.sdk1.level = debug
      logger.azuresdk.name = com.azure
      logger.azuresdk.level = debug
      logger.http.name = org.apache.http
      logger.http.level = debug
      """;

  private static Path repo() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("conf")) ? here : here.getParent();
  }

  private static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    return file;
  }

  private record Run(String name, int exitCode, String output) {}

  private static int reports;

  /** {@code lepton COMMAND -c CONF --json --report FILE} in a child JVM with {@code env}. */
  private static Run child(
      Path cwd, Map<String, String> env, List<String> jvm, Path out, String command, Path conf) {
    Path report = reportFile(out);
    KilledCli cli =
        KilledCli.run(
            cwd,
            env,
            jvm,
            line -> false,
            command,
            "-c",
            conf.toString(),
            "--json",
            "--report",
            report.toString());
    Run r =
        new Run(command + " " + conf.getFileName(), cli.exitCode(), String.join("\n", cli.lines()));
    return r;
  }

  private static Run inProcess(Path out, String... args) {
    Path report = reportFile(out);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--json", "--report", report.toString()));
    Cli cli = Cli.run(all.toArray(String[]::new));
    return new Run(args[0] + " (in-process)", cli.exitCode(), cli.out() + "\n" + cli.err());
  }

  private static synchronized Path reportFile(Path out) {
    Path folder = out.resolve("reports").resolve(String.valueOf(++reports));
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return folder.resolve("report.json");
  }

  /** Looks for the mark in text, files and tables, and counts what it looked at. */
  private static final class Scan {
    final List<String> leaks = new ArrayList<>();
    final List<Path> deltaTables = new ArrayList<>();
    final List<Path> paths = new ArrayList<>();
    long files;
    long bytes;
    long rows;

    void text(String where, String text) {
      bytes += text.length();
      for (int at = text.indexOf(MARK); at >= 0; at = text.indexOf(MARK, at + 1)) {
        int from = Math.max(0, text.lastIndexOf('\n', at) + 1);
        int to = text.indexOf('\n', at);
        leaks.add(where + ": " + text.substring(from, to < 0 ? text.length() : to));
      }
    }

    void files(Path root) throws IOException {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          byte[] content = Files.readAllBytes(p);
          files++;
          paths.add(p);
          text(p.toString(), new String(content, StandardCharsets.ISO_8859_1));
          text(p + " (path)", p.toString());
        }
      }
    }

    void deltaTables(SparkSession spark, Path root) throws IOException {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path log :
            walk.filter(p -> p.getFileName().toString().equals("_delta_log")).toList()) {
          if (!hasCommit(log)) {
            continue; // a table whose first commit never happened (a failed run): no rows
          }
          Path table = log.getParent();
          deltaTables.add(table);
          for (String row :
              spark.read().format("delta").load(table.toString()).toJSON().collectAsList()) {
            rows++;
            text(table + " (row)", row);
          }
        }
      }
    }

    private static boolean hasCommit(Path log) throws IOException {
      try (Stream<Path> files = Files.list(log)) {
        return files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
      }
    }

    long filesNamed(String name) {
      return paths.stream().filter(p -> p.getFileName().toString().equals(name)).count();
    }
  }
}
