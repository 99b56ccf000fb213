package ai.lepton.train;

/** Turns a model's raw outputs into {@link Predictor} scores. */
final class Scores {

  private Scores() {}

  /**
   * One row per output row: for classification, a single output {@code p} (the positive class)
   * becomes {@code {1 - p, p}} and several outputs are the class probabilities as they are; for
   * regression, the one value.
   */
  static double[][] of(float[][] outputs, boolean classification) {
    double[][] scores = new double[outputs.length][];
    for (int i = 0; i < outputs.length; i++) {
      float[] o = outputs[i];
      if (classification && o.length == 1) {
        scores[i] = new double[] {1 - (double) o[0], o[0]};
      } else {
        scores[i] = new double[o.length];
        for (int k = 0; k < o.length; k++) {
          scores[i][k] = o[k];
        }
      }
    }
    return scores;
  }
}
