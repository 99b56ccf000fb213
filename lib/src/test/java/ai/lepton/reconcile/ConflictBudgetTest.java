package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import org.junit.jupiter.api.Test;

class ConflictBudgetTest {

  @Test
  void bothBudgetsAreInclusiveAndMinusOneMeansNoCountLimit() {
    assertThat(new ConflictBudget(5, 0.5).check(10, 5, "keys", () -> 0).passed()).isTrue();
    assertThat(new ConflictBudget(-1, 1.0).check(10, 10, "keys", () -> 0).passed()).isTrue();
    assertThat(new ConflictBudget(-1, 0.5).check(10, 6, "keys", () -> 0).passed()).isFalse();
    assertThat(new ConflictBudget(0, 1.0).check(10, 1, "keys", () -> 0).passed()).isFalse();
    assertThat(new ConflictBudget(0, 0.0).check(0, 0, "keys", () -> 0).passed()).isTrue();
  }

  @Test
  void aStopSaysTheBudgetTheLimitTheExcessAndTheKeyToRaise() {
    ReconcileResult.Gate g =
        new ConflictBudget(100, 1.0).check(1000, 130, ConflictBudget.AFTER_KEYS, () -> -1);
    assertThat(g.passed()).isFalse();
    assertThat(g.exceeded()).isEqualTo("lepton.reconcile.max-conflicts");
    assertThat(g.conflicts()).isEqualTo(130);
    assertThat(g.conflictRatio()).isEqualTo(0.13);
    assertThat(g.message())
        .startsWith("Budget lepton.reconcile.max-conflicts exceeded: 130 keys conflict, the limit")
        .contains("is 100: 30 over")
        .contains("stopped after matching keys")
        .contains("no golden table created")
        .contains("raise lepton.reconcile.max-conflicts");

    ReconcileResult.Gate ratio =
        new ConflictBudget(-1, 0.05).check(1000, 80, ConflictBudget.AFTER_COMPARE, () -> 4);
    assertThat(ratio.exceeded()).isEqualTo("lepton.reconcile.max-conflict-ratio");
    assertThat(ratio.message())
        .contains("80 of 1,000 keys conflict (ratio 0.0800), the limit is 0.05: 0.0300 over,")
        .contains("30 keys more than the 50 allowed")
        .contains("stopped after comparing columns")
        .contains("golden table left at version 4");
  }

  @Test
  void aNegativeCountOtherThanMinusOneIsRefused() {
    String conf =
        "lepton.reconcile.sources = [ { name = a, uri = \"/a\", format = csv },"
            + " { name = b, uri = \"/b\", format = csv } ]\n"
            + "lepton.reconcile.output { golden = /g, discrepancies = /d, quarantine = /q }\n"
            + "lepton.reconcile.key = [id]\n";
    assertThat(ReconcileConfig.from(LeptonConfig.parse(conf)).maxConflicts()).isEqualTo(-1);
    assertThatThrownBy(
            () ->
                ReconcileConfig.from(
                    LeptonConfig.parse(conf + "lepton.reconcile.max-conflicts = -2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lepton.reconcile.max-conflicts is -2")
        .hasMessageContaining("-1 for no limit");
  }
}
