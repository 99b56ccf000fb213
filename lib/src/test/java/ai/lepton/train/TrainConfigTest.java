package ai.lepton.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.testing.TrainData;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

  private static TrainConfig parse(String hocon) {
    return TrainConfig.from(LeptonConfig.parse(hocon));
  }

  @Test
  void readsEveryKeyWithDefaults() {
    TrainConfig c = parse(TrainData.binaryConfig("/t", "xgboost", "/w"));
    assertThat(c.table()).isEqualTo("/t");
    assertThat(c.version()).isEqualTo(-1);
    assertThat(c.features().numeric()).containsExactly("x1", "x2", "x3");
    assertThat(c.features().nullPolicy()).isEqualTo("drop");
    assertThat(c.split().validation()).isEqualTo(0.15);
    assertThat(c.params()).containsEntry("device", "cpu").containsEntry("num-round", 20L);
    assertThat(c.modelUri()).isEqualTo("/w/models/model");
  }

  @Test
  void unknownAlgorithmIsAConfigErrorNamingTheKey() {
    assertThatThrownBy(() -> parse(TrainData.binaryConfig("/t", "sklearn", "/w")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.train.algorithm must be one of")
        .hasMessageContaining("'sklearn'");
  }

  @Test
  void missingTableLabelOrFeaturesAreConfigErrors() {
    assertThatThrownBy(() -> parse("lepton.train.features.label = y"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.train.input.table is not set");
    assertThatThrownBy(() -> parse("lepton.train.input.table = t"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.train.features.label is not set");
    assertThatThrownBy(() -> parse("lepton.train { input.table = t, features.label = y }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("No features");
  }

  @Test
  void unknownKeyAndBadValuesAreRefused() {
    assertThatThrownBy(
            () ->
                LeptonConfig.parse(
                    TrainData.binaryConfig("/t", "xgboost", "/w")
                        + "\nlepton.train.xgboost.num-rounds = 3"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("num-round");
    assertThatThrownBy(
            () ->
                parse(
                    TrainData.binaryConfig("/t", "xgboost", "/w")
                        + "\nlepton.train.xgboost.device = tpu"))
        .hasMessageContaining("lepton.train.xgboost.device must be one of [cpu, cuda]");
    assertThatThrownBy(
            () ->
                parse(
                    TrainData.binaryConfig("/t", "mllib.gbt", "/w")
                        + "\nlepton.train.features.task = multiclass"))
        .hasMessageContaining("mllib.gbt trains binary classifiers and regressors only");
    assertThatThrownBy(
            () ->
                parse(
                    TrainData.binaryConfig("/t", "mllib.gbt", "/w")
                        + "\nlepton.train.split.test = 0.9"))
        .hasMessageContaining("leave at least 10% for training");
  }
}
