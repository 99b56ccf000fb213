package ai.lepton.pipeline;

import ai.lepton.config.LeptonConfig;
import ai.lepton.distill.DistillConfig;
import ai.lepton.export.ExportConfig;
import ai.lepton.monitor.MonitorConfig;
import ai.lepton.quantize.QuantizeConfig;
import ai.lepton.reconcile.ReconcileConfig;
import ai.lepton.train.TrainConfig;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;

/**
 * Which steps a pipeline runs and whether their config holds, read from {@code lepton.pipeline.*}
 * before any work starts.
 */
final class PipelinePlan {

  private PipelinePlan() {}

  /**
   * Checks the config of every step up to {@code until} (null: all) before any work starts, with
   * the keys the pipeline fills in given stand-in values (ConfigException on a problem).
   */
  static void check(LeptonConfig config, String until) {
    PipelineAction.checkStep(until);
    String mode = retrainMode(config);
    List<String> steps = steps(config, until);
    ReconcileConfig rc = ReconcileConfig.from(config);
    LeptonConfig standIn =
        with(
            config,
            Map.of(
                "lepton.train.input.table", rc.output().golden(),
                "lepton.distill.teacher", rc.output().golden() + "-model",
                "lepton.quantize.model", rc.output().golden() + "-model",
                "lepton.export.model", rc.output().golden() + "-model"));
    if (steps.contains("monitor") && !mode.equals("always")) {
      MonitorConfig.from(standIn);
    }
    if (steps.contains("train")) {
      TrainConfig.from(standIn);
    }
    if (steps.contains("distill")) {
      DistillConfig.from(standIn);
    }
    if (steps.contains("quantize")) {
      QuantizeConfig.from(standIn);
    }
    if (steps.contains("export")) {
      ExportConfig.from(standIn);
    }
  }

  /**
   * The steps a run goes through, up to {@code until} (null: all): {@link PipelineAction#STEPS}
   * without distill when {@code lepton.pipeline.distill = off}, without quantize when it is {@code
   * instead-of-quantize}. ConfigException when {@code until} names a step the config leaves out.
   */
  static List<String> steps(LeptonConfig config, String until) {
    PipelineAction.checkStep(until);
    String distill = distillMode(config);
    List<String> steps =
        PipelineAction.STEPS.stream()
            .filter(s -> !(s.equals("distill") && distill.equals("off")))
            .filter(s -> !(s.equals("quantize") && distill.equals("instead-of-quantize")))
            .toList();
    if (until == null) {
      return steps;
    }
    if (!steps.contains(until)) {
      throw new ai.lepton.config.ConfigException(
          "--until "
              + until
              + " names a step this pipeline does not run: lepton.pipeline.distill = "
              + distill
              + " runs "
              + steps
              + ". Pick one of those steps or change lepton.pipeline.distill.");
    }
    return steps.subList(0, steps.indexOf(until) + 1);
  }

  /** {@code lepton.pipeline.distill}, checked. */
  static String distillMode(LeptonConfig config) {
    return mode(config, "lepton.pipeline.distill", "off", PipelineAction.DISTILL);
  }

  /** {@code lepton.pipeline.retrain}, checked. */
  static String retrainMode(LeptonConfig config) {
    return mode(config, "lepton.pipeline.retrain", "always", PipelineAction.RETRAIN);
  }

  /**
   * The value of {@code key} ({@code otherwise} when unset); ConfigException unless in {@code
   * modes}.
   */
  private static String mode(
      LeptonConfig config, String key, String otherwise, List<String> modes) {
    String mode = config.raw().hasPath(key) ? config.raw().getString(key).trim() : otherwise;
    if (!modes.contains(mode)) {
      throw new ai.lepton.config.ConfigException(
          key + " must be one of " + modes + ", got '" + mode + "'.");
    }
    return mode;
  }

  /** True when {@code key} is unset or blank: the pipeline fills it in from an earlier step. */
  static boolean blank(LeptonConfig config, String key) {
    return !config.raw().hasPath(key) || config.raw().getString(key).isBlank();
  }

  /** {@code config} with {@code values} set over it. */
  static LeptonConfig with(LeptonConfig config, Map<String, ?> values) {
    if (values.isEmpty()) {
      return config;
    }
    return LeptonConfig.of(ConfigFactory.parseMap(values).withFallback(config.raw()));
  }
}
