package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton train} (djl.mlp) SIGKILLed between rounds, then {@code train --resume RUN_ID}: the
 * resumed run goes on from the last checkpoint and publishes the very model (every file's SHA-256)
 * an uninterrupted run publishes.
 */
class TrainKillIT {

  private static final Pattern RUN = Pattern.compile("run (\\S+): djl\\.mlp on ");
  private static final Pattern RESUMED = Pattern.compile("resuming after round (\\d+)/5");

  @TempDir Path dir;

  @Test
  void aTrainKilledBetweenRoundsResumesToTheModelAnUninterruptedRunPublishes() throws Exception {
    String table = dir.resolve("golden").toString();
    TrainData.rows(TestSpark.session(), 300, 3, 0).write().format("delta").save(table);
    Path conf = dir.resolve("train.conf");
    Files.writeString(
        conf,
        TrainData.binaryConfig(table, "djl.mlp", dir.resolve("work").toString())
            + "lepton.train.djl { hidden = [8], rounds = 5, local-steps = 20, batch-size = 32,"
            + " workers = 2 }\nlepton.train.model.name = churn\nlepton.track.enabled = false\n");

    // The uninterrupted run goes side by side with the one to be killed; both, like the resume
    // below, are fresh `lepton` processes as a user's are (a test JVM that already ran other models
    // may have other native thread settings, and float sums depend on them).
    Path wholeReport = dir.resolve("whole.json");
    java.util.concurrent.CompletableFuture<KilledCli> uninterrupted =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                KilledCli.run(
                    dir.resolve("cwd-whole"),
                    line -> false,
                    "train",
                    "-c",
                    conf.toString(),
                    "--report",
                    wholeReport.toString()));
    KilledCli killed =
        KilledCli.run(
            dir.resolve("cwd"),
            line -> line.contains("round 2/5: loss "),
            "train",
            "-c",
            conf.toString());

    assertThat(killed.killed()).as(killed.tail()).isTrue();
    String runId =
        killed.lines().stream()
            .map(RUN::matcher)
            .filter(Matcher::find)
            .map(m -> m.group(1))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no run id in:\n" + killed.tail()));
    Path models = dir.resolve("work/models/churn");
    assertThat(models.resolve(runId)).as("nothing published by the killed run").doesNotExist();

    Path report = dir.resolve("resumed.json");
    KilledCli resumed =
        KilledCli.run(
            dir.resolve("cwd"),
            line -> false,
            "train",
            "-c",
            conf.toString(),
            "--resume",
            runId,
            "--report",
            report.toString());

    assertThat(resumed.exitCode()).as(resumed.tail()).isEqualTo(Main.OK);
    Matcher from = RESUMED.matcher(String.join("\n", resumed.lines()));
    assertThat(from.find()).as(resumed.tail()).isTrue();
    assertThat(Integer.parseInt(from.group(1))).as("resumed from a checkpoint").isBetween(2, 4);
    assertThat(new ObjectMapper().readTree(report.toFile()).at("/runId").asText()).isEqualTo(runId);

    KilledCli whole = uninterrupted.get();
    assertThat(whole.exitCode()).as(whole.tail()).isEqualTo(Main.OK);
    String wholeRun = new ObjectMapper().readTree(wholeReport.toFile()).at("/runId").asText();
    assertThat(wholeRun).isNotEqualTo(runId);

    ModelManifest a = manifest(models.resolve(runId));
    ModelManifest b = manifest(models.resolve(wholeRun));
    assertThat(a.files()).isNotEmpty();
    assertThat(a.files()).as("every file, bit for bit").isEqualTo(b.files());
    assertThat(a.input()).isEqualTo(b.input());
  }

  private static ModelManifest manifest(Path model) throws Exception {
    Path file = model.resolve(ModelManifest.FILE);
    return ModelDirectory.fromJson(Files.readString(file), file.toString());
  }
}
