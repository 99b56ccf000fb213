package ai.lepton.train;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code lepton train} prints: {@link TrainResult#summary()}. */
final class TrainSummary {

  private TrainSummary() {}

  /** The train summary: outcome, input version, rows, metrics per split and the model. */
  static void print(TrainResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "Train %s %s in %.1fs: %s on %s @ version %d%n",
        r.runId(),
        r.status(),
        r.durationMs() / 1000.0,
        r.algorithm(),
        r.input().table(),
        r.input().version());
    out.printf(
        Locale.ROOT,
        "  rows       train %,d, validation %,d, test %,d; dropped %,d null label, %,d null"
            + " feature, %,d unseen class%n",
        r.rows().train(),
        r.rows().validation(),
        r.rows().test(),
        r.rows().droppedNullLabel(),
        r.rows().droppedNullFeature(),
        r.rows().droppedUnknownClass());
    out.printf(
        Locale.ROOT,
        "  training   %.1fs, %,.0f rows/s%n",
        r.trainingMs() / 1000.0,
        r.rowsPerSecond());
    r.metrics()
        .forEach(
            (split, m) ->
                out.printf(
                    Locale.ROOT,
                    "  %-10s %s%n",
                    split,
                    m.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))));
    out.printf(Locale.ROOT, "  model      %s (%s)%n", r.model().uri(), r.model().format());
  }
}
