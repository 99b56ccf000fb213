package ai.lepton.quantize;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Which measured quantized form to keep, and why, in words. */
final class FormChoice {

  private FormChoice() {}

  /** The form to keep: the fastest that passes; else the fastest that keeps quality; else best. */
  static int choose(List<QuantizeResult.Form> forms) {
    Comparator<QuantizeResult.Form> rank =
        Comparator.comparing(QuantizeResult.Form::passed)
            .thenComparingDouble(QuantizeResult.Form::agreement)
            .thenComparingDouble(QuantizeResult.Form::rowsPerSecondPerCore);
    Comparator<QuantizeResult.Form> passedFastest =
        Comparator.comparing(QuantizeResult.Form::passed)
            .thenComparingDouble(QuantizeResult.Form::rowsPerSecondPerCore);
    boolean anyPassed = forms.stream().anyMatch(QuantizeResult.Form::passed);
    Comparator<QuantizeResult.Form> c = anyPassed ? passedFastest : rank;
    int best = 0;
    for (int i = 1; i < forms.size(); i++) {
      if (c.compare(forms.get(i), forms.get(best)) > 0) {
        best = i;
      }
    }
    return best;
  }

  static String reason(List<QuantizeResult.Form> forms, int chosen, Scoring.Figures ref) {
    StringBuilder s = new StringBuilder();
    for (QuantizeResult.Form f : forms) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(
          String.format(
              Locale.ROOT,
              "%s %.2fx fp32 rows/s, agreement %.4f, %s",
              f.form(),
              f.rowsPerSecondPerCore() / ref.rowsPerSecondPerCore(),
              f.agreement(),
              f.passed() ? "passes" : "fails"));
    }
    QuantizeResult.Form pick = forms.get(chosen);
    String why =
        forms.size() == 1
            ? "the only form configured"
            : pick.passed() ? "the fastest form that passes the gate" : "no form passes the gate";
    return "chose " + pick.form() + ", " + why + " (" + s + ")";
  }
}
