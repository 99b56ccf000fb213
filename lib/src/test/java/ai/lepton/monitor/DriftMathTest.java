package ai.lepton.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import org.junit.jupiter.api.Test;

class DriftMathTest {

  @Test
  void bucketsAreUpperInclusiveIntervalsBetweenEdges() {
    double[] edges = {1, 2, 3};
    assertThat(DriftMath.bucket(0.5, edges)).isZero();
    assertThat(DriftMath.bucket(1, edges)).isZero();
    assertThat(DriftMath.bucket(1.5, edges)).isEqualTo(1);
    assertThat(DriftMath.bucket(3, edges)).isEqualTo(2);
    assertThat(DriftMath.bucket(7, edges)).isEqualTo(3);
  }

  @Test
  void psiIsZeroForEqualSharesAndMatchesTheFormulaOtherwise() {
    assertThat(DriftMath.psi(new long[] {10, 20, 30}, new long[] {20, 40, 60})).isZero();
    double expected = (0.75 - 0.5) * Math.log(0.75 / 0.5) + (0.25 - 0.5) * Math.log(0.25 / 0.5);
    assertThat(DriftMath.psi(new long[] {50, 50}, new long[] {75, 25}))
        .isCloseTo(expected, within(1e-12));
    double empty = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    assertThat(DriftMath.psi(new long[] {5, 5}, new long[] {0, 8}))
        .as("an empty bucket counts as a share of 1e-4")
        .isCloseTo(empty, within(1e-12));
  }

  @Test
  void ksIsTheLargestGapBetweenCumulativeShares() {
    assertThat(DriftMath.ks(new long[] {25, 25, 25, 25}, new long[] {0, 0, 50, 50}))
        .isCloseTo(0.5, within(1e-12));
  }

  @Test
  void fineBucketsMergeIntoTheCoarseBucketsTheyLieIn() {
    double[] fine = {1, 2, 3, 4};
    double[] coarse = {2, 4};
    assertThat(DriftMath.merge(new long[] {1, 2, 3, 4, 5}, fine, coarse)).containsExactly(3, 7, 5);
  }

  @Test
  void aNegativeThresholdIsRefusedWithItsKey() {
    LeptonConfig config = LeptonConfig.parse("lepton.monitor.thresholds.psi = -1");
    assertThatThrownBy(() -> MonitorConfig.from(config))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lepton.monitor.thresholds.psi must be 0 or more; it is -1.0.");
  }
}
