package ai.lepton.quantize;

import java.util.ArrayList;
import java.util.List;

/**
 * Which candidate a quantization keeps and what the gate says of it: each int8 form is judged, the
 * best is chosen, and mixed precision is tried when the choice fails the gate's quality bounds.
 *
 * @param gates the gate's thresholds for the model's task
 * @param forms every int8 form measured
 * @param pick the form kept (a mixed-precision mix when the search passed)
 * @param model the kept form's ONNX bytes
 * @param reason why this form, in words
 * @param fails the gate's failures for {@code pick}; empty when it passes
 * @param speedRatio {@code pick}'s rows per second per core against fp32's
 * @param fp32Layers layers {@code pick} keeps in fp32
 * @param mixed the mixed precision search, or null when it did not run
 */
record Verdict(
    Gates gates,
    List<QuantizeResult.Form> forms,
    QuantizeResult.Form pick,
    byte[] model,
    String reason,
    List<String> fails,
    double speedRatio,
    List<String> fp32Layers,
    QuantizeResult.Mixed mixed) {

  /** True when the kept form passes the gate. */
  boolean passed() {
    return fails.isEmpty();
  }

  /** Judges every form of {@code c} and picks one; mixed precision ranks layers on {@code data}. */
  static Verdict judge(QuantizeRun run, Candidates c, QuantizeData data) {
    QuantizeConfig cfg = run.cfg();
    byte[] fp32 = c.fp32();
    Scoring.Figures ref = c.ref();
    Gates gates = new Gates(cfg.gate(), c.sig().task());
    List<String> pruneFailures = new ArrayList<>();
    if (cfg.sparsity() > 0) {
      pruneFailures = gates.quality("pruning", ref, c.figures("pruned"));
    }
    List<QuantizeResult.Form> forms = new ArrayList<>();
    List<List<String>> failures = new ArrayList<>();
    for (String form : cfg.forms()) {
      Scoring.Figures f = c.figures(form);
      List<String> fails = new ArrayList<>(pruneFailures);
      fails.addAll(gates.quality("int8", ref, f));
      fails.addAll(gates.efficiency(fp32.length, c.models().get(form).length, ref, f));
      failures.add(fails);
      forms.add(
          new QuantizeResult.Form(
              form,
              c.models().get(form).length,
              f.metric(),
              f.agreement(),
              f.rowsPerSecondPerCore(),
              fails.isEmpty()));
    }
    int chosen = FormChoice.choose(forms);
    QuantizeResult.Form pick = forms.get(chosen);
    List<String> fails = failures.get(chosen);
    String reason = FormChoice.reason(forms, chosen, ref);
    Scoring.Figures pickFigures = c.figures(pick.form());
    double speedRatio = pick.rowsPerSecondPerCore() / ref.rowsPerSecondPerCore();
    List<String> fp32Layers = Quantizer.layerNames(c.keep());
    Verdict allInt8 =
        new Verdict(
            gates,
            forms,
            pick,
            c.models().get(pick.form()),
            reason,
            fails,
            speedRatio,
            fp32Layers,
            null);
    if (!fails.isEmpty()
        && cfg.mixed().enabled()
        && pruneFailures.isEmpty()
        && !gates.quality("int8", ref, pickFigures).isEmpty()) {
      return allInt8.mixed(run, c, data, pickFigures);
    }
    return allInt8;
  }

  /** This verdict after the mixed precision search from its all-int8 {@code pick}. */
  private Verdict mixed(
      QuantizeRun run, Candidates c, QuantizeData data, Scoring.Figures pickFigures) {
    byte[] fp32 = c.fp32();
    Scoring.Figures ref = c.ref();
    MixedPrecision search =
        new MixedPrecision(
            run.spark(),
            run.cfg(),
            gates,
            run.progress(),
            c.pruned(),
            c.sig(),
            c.ranges(),
            c.name(),
            pick.form());
    QuantizeResult.Step start =
        search
            .scoring()
            .step(pick.form(), fp32Layers, pick.bytes(), fp32.length, ref, ref, pickFigures);
    MixedPrecision.Outcome o =
        search.search(
            fp32,
            model,
            c.keep(),
            start,
            ref,
            data.validation(),
            data.validationName(),
            data.test());
    QuantizeResult.Mixed record = o.record();
    String withMixed = reason + "; " + record.reason();
    if (o.passed()) {
      QuantizeResult.Step s = o.step();
      QuantizeResult.Form mix =
          new QuantizeResult.Form(
              s.form(), s.bytes(), s.metric(), s.agreement(), s.rowsPerSecondPerCore(), true);
      return new Verdict(
          gates,
          forms,
          mix,
          o.model(),
          withMixed,
          List.of(),
          s.speedRatio(),
          s.fp32Layers(),
          record);
    }
    List<String> failed = new ArrayList<>(fails);
    failed.add(record.reason());
    return new Verdict(
        gates, forms, pick, model, withMixed, failed, speedRatio, fp32Layers, record);
  }
}
