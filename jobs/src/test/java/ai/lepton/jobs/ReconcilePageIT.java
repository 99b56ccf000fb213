package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.demo.DemoDataset;
import ai.lepton.testing.TestSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lepton reconcile --html FILE} writes a page that a real browser (headless Chromium) opens
 * and draws: the counts it shows are the run's, and the conflict chart is on screen.
 */
class ReconcilePageIT {

  @TempDir Path dir;

  @BeforeAll
  static void shareTheTestSession() {
    TestSpark.session();
  }

  @Test
  void thePageOpensInChromiumShowingTheRunsCountsAndTheConflictChart() throws Exception {
    Chromium.require();
    DemoDataset demo = DemoDataset.generate(dir.resolve("data"), 400, 21);
    Path conf = dir.resolve("reconcile.conf");
    Files.writeString(conf, DemoConfig.render(demo, dir));
    Path page = dir.resolve("out/reconcile.html");
    Path report = dir.resolve("out/report.json");

    Cli cli =
        Cli.run(
            "reconcile",
            "-c",
            conf.toString(),
            "--html",
            page.toString(),
            "--report",
            report.toString());

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(cli.err()).contains("wrote the page " + page);
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    long keys = json.path("counts").path("keys").asLong();
    long conflicting = json.path("counts").path("conflicting").asLong();
    assertThat(conflicting).isEqualTo(demo.truth().conflicting()).isPositive();

    String dom = Chromium.dumpDom(page);
    assertThat(dom)
        .contains("id=\"status\" class=\"succeeded\">succeeded<")
        .contains("id=\"keys\"><b>" + String.format(Locale.ROOT, "%,d", keys) + "</b>")
        .contains("id=\"conflicting\"><b>" + conflicting + "</b>")
        .contains("data-column=\"balance\"")
        .contains("<table id=\"samples\">");
    json.path("conflicts")
        .path("byColumn")
        .fields()
        .forEachRemaining(e -> assertThat(dom).contains("data-column=\"" + e.getKey() + "\""));

    Path png = dir.resolve("out/reconcile.png");
    Chromium.screenshot(page, png, 1000, 1400);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1000);
    assertThat(barPixels(image)).as("pixels of the chart's red bars on screen").isGreaterThan(500);
  }

  /** Pixels of the bar colour (#d92d20), give or take anti-aliasing. */
  private static int barPixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (Math.abs(r - 0xd9) < 12 && Math.abs(g - 0x2d) < 12 && Math.abs(b - 0x20) < 12) {
          count++;
        }
      }
    }
    return count;
  }
}
