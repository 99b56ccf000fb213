package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.model.ModelDirectory;
import ai.lepton.model.ModelManifest;
import ai.lepton.testing.TestSpark;
import ai.lepton.testing.TrainData;
import com.fasterxml.jackson.databind.JsonNode;
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

    Cli resumed = Cli.run("train", "-c", conf.toString(), "--resume", runId, "--json");

    assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(Main.OK);
    Matcher from = RESUMED.matcher(resumed.err());
    assertThat(from.find()).as(resumed.err()).isTrue();
    assertThat(Integer.parseInt(from.group(1))).as("resumed from a checkpoint").isBetween(2, 4);
    JsonNode report = new ObjectMapper().readTree(resumed.out());
    assertThat(report.at("/runId").asText()).isEqualTo(runId);

    Cli whole = Cli.run("train", "-c", conf.toString(), "--json");
    assertThat(whole.exitCode()).as(whole.err()).isEqualTo(Main.OK);
    String wholeRun = new ObjectMapper().readTree(whole.out()).at("/runId").asText();
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
