package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad config through the real entry point: each case exits 2 naming the key, before Spark starts,
 * and writes nothing (the folder holding the sources, the outputs and the work dir is unchanged).
 */
class BadConfigCliTest {

  /**
   * A JDK or engine exception's class name in what a user reads means an error escaped without
   * Lepton's message (issue 17, "one way to fail").
   */
  static final Pattern JDK_EXCEPTION_NAME =
      Pattern.compile(
          "\\b(?:java|javax|scala|org\\.apache)\\.[\\w.$]*(?:Exception|Error)\\b"
              + "|\\b(?:IllegalArgument|IllegalState|UncheckedIO|NullPointer|ClassCast"
              + "|NumberFormat|IndexOutOfBounds|Unsupported\\w*)Exception\\b");

  @TempDir Path dir;

  private String base;

  @BeforeEach
  void sources() throws IOException {
    for (String name : List.of("aws", "azure")) {
      Files.createDirectories(dir.resolve(name));
      Files.writeString(dir.resolve(name).resolve("part-0.csv"), "id,balance\n1,10\n");
    }
    base =
        "lepton.work-dir = \""
            + dir.resolve("work")
            + "\"\nlepton.track.runs = \""
            + dir.resolve("runs")
            + "\"\nlepton.reconcile.sources = [ { name = aws, uri = \""
            + dir.resolve("aws")
            + "\", format = csv, options { header = \"true\" } }, { name = azure, uri = \""
            + dir.resolve("azure")
            + "\", format = csv, options { header = \"true\" } } ]\n"
            + "lepton.reconcile.output { golden = \""
            + dir.resolve("golden")
            + "\", discrepancies = \""
            + dir.resolve("discrepancies")
            + "\", quarantine = \""
            + dir.resolve("quarantine")
            + "\" }\n"
            + "lepton.export { model = \""
            + dir.resolve("models/churn/1")
            + "\", targets = [ { name = aws, type = sagemaker, uri = \""
            + dir.resolve("serving")
            + "\" } ] }\n";
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "reconcile",
            "lepton.reconcile.output.goldn = x",
            "Unknown config key lepton.reconcile.output.goldn"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.incremental = sometimes",
            "lepton.reconcile.incremental must be true or false"),
        Arguments.of(
            "reconcile", "lepton.reconcile.key = 5", "lepton.reconcile.key must be a list"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.sources = [ { name = aws, uri = \"@DIR@/aws\", format = csv }, {"
                + " name = aws, uri = \"@DIR@/azure\", format = csv } ]",
            "lepton.reconcile.sources[1].name repeats the source name 'aws'"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.sources = [ { name = aws, uri = \"@DIR@/aws\", format = csv }, {"
                + " name = AWS, uri = \"@DIR@/azure\", format = csv } ]",
            "lepton.reconcile.sources[1].name is 'AWS'"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.output.discrepancies = \"@DIR@/quarantine/d\"",
            "lepton.reconcile.output.discrepancies"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.sources = [ { name = aws, uri = \"@DIR@/aws\", format = csv }, {"
                + " name = azure, uri = \"@DIR@/golden\", format = csv } ]",
            "lepton.reconcile.sources[1].uri"),
        Arguments.of(
            "reconcile",
            "lepton.stores.raw { type = s3, multipart.part-size-bytes = -1 }",
            "lepton.stores.raw.multipart.part-size-bytes"),
        Arguments.of(
            "reconcile", "lepton.progress.interval-ms = -5", "lepton.progress.interval-ms is -5"),
        Arguments.of(
            "reconcile",
            "lepton.store-defaults.connect-timeout-ms = -1",
            "lepton.store-defaults.connect-timeout-ms is -1"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.resolve.priority = [AWS]",
            "lepton.reconcile.resolve.priority names 'AWS', which is not a source"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.output.golden = \"file:@DIR@/aws/\"",
            "lepton.reconcile.output.golden (file:"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.output.quarantine = ${lepton.reconcile.output.discrepancies}\"/\"",
            "lepton.reconcile.output.discrepancies"),
        Arguments.of(
            "sync",
            "lepton.reconcile.output.discrepancies = ${lepton.reconcile.output.golden}",
            "lepton.reconcile.output.golden"),
        Arguments.of(
            "reconcile",
            "lepton.reconcile.sources = [ { name = aws, uri ="
                + " \"s3a://AKIAFAKE:Hunter2Secret@bucket/aws/\", format = csv }, { name = azure,"
                + " uri = \"@DIR@/azure\", format = csv } ]",
            "lepton.reconcile.sources[0].uri is s3a://*****@bucket/aws/"),
        Arguments.of(
            "export",
            "lepton.export { name = churn-propensity-with-a-long-name, version ="
                + " 20261206-153000-abcdef-retrained }",
            "SageMaker allows 63"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void badConfigExitsTwoNamingTheKeyAndWritesNothing(String command, String bad, String message)
      throws IOException {
    Path conf = dir.resolve("job.conf");
    Files.writeString(conf, base + bad.replace("@DIR@", dir.toString()) + "\n");
    List<Path> before = tree();

    Cli cli = Cli.run(command, "-c", conf.toString());

    assertThat(cli.exitCode()).as(cli.err()).isEqualTo(Main.USAGE);
    assertThat(cli.err())
        .contains(message)
        .doesNotContainPattern(JDK_EXCEPTION_NAME)
        .doesNotContain("starting Spark")
        .doesNotContain("Hunter2Secret")
        .doesNotContain("AKIAFAKE");
    assertThat(cli.out()).isEmpty();
    assertThat(tree()).isEqualTo(before);
    for (String output :
        List.of("golden", "discrepancies", "quarantine", "work", "runs", "serving")) {
      assertThat(dir.resolve(output)).doesNotExist();
    }
  }

  private List<Path> tree() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.sorted().toList();
    }
  }

  @Test
  void theJdkExceptionNameCheckRecognisesEscapedExceptions() {
    assertThat("lepton: java.io.UncheckedIOException: java.nio.file.NoSuchFileException: /x")
        .containsPattern(JDK_EXCEPTION_NAME);
    assertThat("lepton: IllegalStateException at step 2").containsPattern(JDK_EXCEPTION_NAME);
    assertThat("lepton: org.apache.spark.SparkException: Job aborted")
        .containsPattern(JDK_EXCEPTION_NAME);
    assertThat("lepton: Unknown config key lepton.reconcile.output.goldn")
        .doesNotContainPattern(JDK_EXCEPTION_NAME);
  }

  @Test
  void secretsInBadArgumentsAreNeverPrinted() throws IOException {
    Path conf = dir.resolve("job.conf");
    Files.writeString(conf, base);
    List<Path> before = tree();
    List<Cli> runs =
        List.of(
            Cli.run(
                "reconcile",
                "-c",
                conf.toString(),
                "--set",
                "lepton.stores.s3={ type = s3, credentials.secret-access-key = {Hunter2Secret }"),
            Cli.run("show", "s3a://AKIAFAKE:Hunter2Secret@bucket/golden", "--json"),
            Cli.run(
                "sync", "-c", conf.toString(), "--mirror-to", "s3a://AKIAFAKE:Hunter2Secret@b/m"),
            Cli.run("reconcile", "-c", "s3a://AKIAFAKE:Hunter2Secret@bucket/job.conf"));
    for (Cli cli : runs) {
      assertThat(cli.exitCode()).as(cli.err()).isEqualTo(Main.USAGE);
      assertThat(cli.err() + cli.out())
          .doesNotContainPattern(JDK_EXCEPTION_NAME)
          .doesNotContain("Hunter2Secret")
          .doesNotContain("AKIAFAKE")
          .doesNotContain("starting Spark");
    }
    assertThat(runs.get(1).err()).contains("The TABLE given to show is s3a://*****@bucket/golden");
    assertThat(runs.get(3).err()).contains("lepton.stores.<name>.credentials");
    assertThat(tree()).isEqualTo(before);
  }
}
