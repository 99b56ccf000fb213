package ai.lepton.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plan as the RAPIDS Accelerator would place it, parsed from the text of {@code
 * ExplainPlan.explainPotentialGpuPlan(df, "ALL")}: each physical operator ({@code Exec}) on GPU or
 * not, with the reasons RAPIDS gives, including those of the expressions that keep it on CPU.
 *
 * <p>Markers in that text: {@code *} will run on GPU, {@code @} could run on GPU, {@code !} cannot
 * run on GPU, {@code #} could run on GPU but is removed from the plan (e.g. a sort dropped when a
 * sort aggregate becomes a hash aggregate). Removed operators are not counted.
 */
record GpuPlan(List<Operator> operators) {

  private static final Pattern LINE =
      Pattern.compile("^(\\s*)([*@!#])(\\S*)\\s*<([^>]+)>\\s*(.*)$");

  /**
   * Operators that read or write data, shuffle, sort, aggregate or join: each touches every row and
   * usually dominates a stage's time, so the work-weighted coverage counts them {@value #HEAVY}
   * times.
   */
  static final int HEAVY = 3;

  private static final Set<String> HEAVY_MARKERS =
      Set.of("Scan", "Exchange", "Aggregate", "Join", "Sort", "Window", "Write", "Generate");

  /** A physical operator: where it would run and, when not on GPU, why. */
  public record Operator(String name, boolean onGpu, int depth, List<String> reasons) {

    /** Relative work of this operator in the work-weighted coverage. */
    public int weight() {
      return HEAVY_MARKERS.stream().anyMatch(name::contains) ? HEAVY : 1;
    }

    /** The reasons as one line. */
    public String reason() {
      return String.join("; ", reasons);
    }
  }

  /** Parses the explain text. */
  public static GpuPlan parse(String explain) {
    List<Operator> out = new ArrayList<>();
    Operator current = null;
    for (String line : explain.split("\\R")) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      int depth = m.group(1).length() / 2;
      String marker = m.group(2);
      String kind = m.group(3);
      String name = m.group(4);
      String text = m.group(5);
      if (isOperator(kind, name)) {
        current = null;
        if (marker.equals("#")) {
          continue;
        }
        boolean onGpu = !marker.equals("!");
        List<String> reasons = new ArrayList<>();
        if (!onGpu) {
          reasons.add(because(text));
        }
        current = new Operator(name, onGpu, depth, reasons);
        out.add(current);
      } else if (marker.equals("!") && current != null && !current.onGpu()) {
        current.reasons().add(name + ": " + because(text));
      }
    }
    return new GpuPlan(List.copyOf(out));
  }

  private static boolean isOperator(String kind, String name) {
    return kind.equals("Exec") || (!kind.equals("Expression") && name.endsWith("Exec"));
  }

  private static String because(String text) {
    int i = text.indexOf("because ");
    return (i < 0 ? text : text.substring(i + "because ".length())).trim();
  }

  /** Operators that would stay on CPU. */
  public List<Operator> fallbacks() {
    return operators.stream().filter(o -> !o.onGpu()).toList();
  }

  /** Share of operators that would run on GPU (1 when there are none). */
  public double coverage() {
    if (operators.isEmpty()) {
      return 1;
    }
    return (double) operators.stream().filter(Operator::onGpu).count() / operators.size();
  }

  /** Share of estimated work on GPU: operators weighted by {@link Operator#weight()}. */
  public double workCoverage() {
    int total = operators.stream().mapToInt(Operator::weight).sum();
    int gpu = operators.stream().filter(Operator::onGpu).mapToInt(Operator::weight).sum();
    return total == 0 ? 1 : (double) gpu / total;
  }
}
