package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

  /** A folder name with the characters that end or escape a HOCON string, or start a comment. */
  private static final Path DIR = Path.of("/tmp/a \"quoted\" dir # with $dollar and \\back");

  @Test
  void pathsWithQuotesBackslashesAndHashesReadBackWhole() {
    Config reconcile =
        ConfigFactory.parseString(DemoConfig.render("file:/x/\"aws\"", "file:/x/azure#1", "", DIR));
    assertThat(reconcile.getString("lepton.work-dir")).isEqualTo(DIR.resolve("work").toString());
    assertThat(reconcile.getString("lepton.reconcile.output.golden"))
        .isEqualTo(DIR.resolve(DemoConfig.GOLDEN).toString());
    assertThat(reconcile.getConfigList("lepton.reconcile.sources").get(0).getString("uri"))
        .isEqualTo("file:/x/\"aws\"");
    assertThat(reconcile.getConfigList("lepton.reconcile.sources").get(1).getString("uri"))
        .isEqualTo("file:/x/azure#1");

    Config train = ConfigFactory.parseString(DemoConfig.renderTrain(DIR));
    assertThat(train.getString("lepton.train.input.table"))
        .isEqualTo(DIR.resolve(DemoConfig.GOLDEN).toString());

    Config quantize =
        ConfigFactory.parseString(DemoConfig.renderQuantize(DIR, "m\"odel", DIR + "/q"));
    assertThat(quantize.getString("lepton.quantize.model")).isEqualTo("m\"odel");
    assertThat(quantize.getString("lepton.quantize.output")).isEqualTo(DIR + "/q");

    Config export = ConfigFactory.parseString(DemoConfig.renderExport(DIR, "m", "", false));
    assertThat(export.getConfigList("lepton.export.targets").get(0).getString("uri"))
        .isEqualTo(DIR.resolve("serving/aws").toString());
  }
}
