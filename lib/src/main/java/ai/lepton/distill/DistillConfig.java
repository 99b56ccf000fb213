package ai.lepton.distill;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.Settings;
import ai.lepton.model.SplitRule;
import ai.lepton.quantize.QuantizeConfig;
import ai.lepton.train.djl.MlpSpec;
import java.util.List;

/**
 * {@code lepton.distill}, read and checked before any work starts.
 *
 * @param teacher the teacher's model directory (any model lepton train wrote)
 * @param output where the student's model directory goes
 * @param table the Delta table to train and test on; empty: the teacher's input table
 * @param version its version; -1: the teacher's
 * @param split the split rule for a teacher that records none
 * @param temperature soft targets are the teacher's logits divided by this, through the sigmoid
 * @param teacherWeight the share of the teacher's soft target in each row's target (the rest is the
 *     label)
 * @param student the student network and how it trains (the task is the teacher's)
 * @param gate the gate thresholds, student (candidate) against teacher (reference), as quantize's
 * @param batchRows rows per predictor call when the gate scores
 */
public record DistillConfig(
    String teacher,
    String output,
    String table,
    long version,
    SplitRule split,
    double temperature,
    double teacherWeight,
    Student student,
    QuantizeConfig.Gate gate,
    int batchRows) {

  /** The student's shape and training: {@link MlpSpec} without the task. */
  public record Student(
      List<Integer> hidden,
      String activation,
      int rounds,
      int localSteps,
      int batchSize,
      double learningRate,
      String optimizer,
      long seed,
      int workers) {

    /** The trainer's spec for {@code task}. */
    public MlpSpec spec(String task) {
      try {
        return new MlpSpec(
            hidden,
            activation,
            rounds,
            localSteps,
            batchSize,
            learningRate,
            optimizer,
            seed,
            workers,
            task);
      } catch (ConfigException e) {
        throw new ConfigException(
            e.getMessage().replace("lepton.train.djl.", "lepton.distill.student."));
      }
    }
  }

  /** Reads {@code lepton.distill}; a {@link ConfigException} names any bad key. */
  public static DistillConfig from(LeptonConfig config) {
    Settings s = Settings.at(config.raw(), "lepton.distill");
    String teacher = s.requiredString("teacher", "\"lepton-work/models/churn\"");
    String output = s.string("output").trim();
    if (output.isEmpty()) {
      output =
          (teacher.endsWith("/") ? teacher.substring(0, teacher.length() - 1) : teacher)
              + "-student";
    }
    double temperature = s.number("temperature");
    if (!(temperature > 0)) {
      throw new ConfigException(
          s.key("temperature") + " must be > 0, e.g. 2.0, not " + temperature);
    }
    double weight = s.number("teacher-weight");
    if (!(weight >= 0 && weight <= 1)) {
      throw new ConfigException(
          s.key("teacher-weight") + " must be in [0, 1] (1: teacher only), not " + weight);
    }
    SplitRule split = SplitRule.from(s, "data.split");
    Student student =
        new Student(
            hidden(s),
            s.string("student.activation"),
            (int) s.whole("student.rounds"),
            (int) s.whole("student.local-steps"),
            (int) s.whole("student.batch-size"),
            s.number("student.learning-rate"),
            s.string("student.optimizer"),
            s.whole("student.seed"),
            (int) s.whole("student.workers"));
    student.spec("binary");
    QuantizeConfig.Gate gate = QuantizeConfig.Gate.read(s);
    return new DistillConfig(
        teacher,
        output,
        s.string("data.table").trim(),
        s.whole("data.version"),
        split,
        temperature,
        weight,
        student,
        gate,
        (int) positive(s, "batch-rows"));
  }

  private static List<Integer> hidden(Settings s) {
    try {
      return s.strings("student.hidden").stream().map(Integer::parseInt).toList();
    } catch (NumberFormatException e) {
      throw new ConfigException(
          s.key("student.hidden") + " must list layer widths, e.g. [16], not " + e.getMessage());
    }
  }

  private static long positive(Settings s, String key) {
    long v = s.whole(key);
    if (v <= 0) {
      throw new ConfigException(s.key(key) + " must be at least 1, not " + v);
    }
    return v;
  }
}
