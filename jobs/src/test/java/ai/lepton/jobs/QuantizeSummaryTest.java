package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.quantize.QuantizeResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizeSummaryTest {

  @Test
  void theSummaryShowsWhichLayersStayedFp32AndEachStepsGateFigures() {
    Map<String, Double> sensitivity = new LinkedHashMap<>();
    sensitivity.put("layer0", 0.001);
    sensitivity.put("layer2", 0.41);
    QuantizeResult.Mixed mixed =
        new QuantizeResult.Mixed(
            true,
            List.of("layer2"),
            "validation",
            sensitivity,
            List.of(
                new QuantizeResult.Step(
                    "qdq",
                    List.of(),
                    1000,
                    0.61,
                    0.52,
                    0.33,
                    4.1,
                    1.2,
                    5000,
                    List.of("int8 agreement 0.5200 < min-agreement 0.99")),
                new QuantizeResult.Step(
                    "dynamic",
                    List.of("layer2"),
                    1100,
                    0.94,
                    0.997,
                    0.001,
                    3.8,
                    1.1,
                    4800,
                    List.of())),
            "mixed precision: layer2 kept fp32");
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      out.print(mixed.summary());
    }
    assertThat(text.toString())
        .contains("mixed precision passed with [layer2] fp32")
        .contains("sensitivity on the validation split: layer0 +0.0010, layer2 +0.4100")
        .contains("step 0 fp32 [none]")
        .contains("int8 agreement 0.5200 < min-agreement 0.99")
        .containsPattern(
            "step 1 fp32 \\[layer2\\] +dynamic +agreement 0.9970, drop 0.0010, size 3.80x,"
                + " speed 1.10x: passes");
  }
}
