package ai.lepton.quantize;

import ai.lepton.model.FeatureSignature;
import ai.lepton.model.ModelInputTable;
import ai.lepton.model.ModelManifest;
import ai.lepton.model.SplitRule;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows one quantization reads: a calibration sample of the training split, the encoded test
 * split the gate judges, and the rows mixed precision ranks layers on.
 *
 * @param sample encoded features of the calibration sample (cached)
 * @param test the encoded test split (cached)
 * @param testRows rows in {@code test}
 * @param validationName {@code validation}, or {@code test} when the split has no validation part
 * @param validation the rows mixed precision ranks layers on
 */
record QuantizeData(
    JavaRDD<float[]> sample,
    JavaRDD<EncodedRow> test,
    long testRows,
    String validationName,
    JavaRDD<EncodedRow> validation) {

  /** Reads the input table of {@code manifest}'s model and encodes its splits with {@code sig}. */
  static QuantizeData read(QuantizeRun run, ModelManifest manifest, FeatureSignature sig) {
    QuantizeConfig cfg = run.cfg();
    Dataset<Row> data = table(run, manifest);
    String key = sig.key();
    // The gate must score the rows training held out: the split the model records wins.
    SplitRule split = SplitRule.of(manifest, cfg.split());
    JavaRDD<float[]> sample =
        run.progress()
            .step(
                "sampling the training split for calibration",
                () -> calibrationSample(cfg, split, data, sig),
                r -> r.count() + " rows");
    JavaRDD<EncodedRow> test = EncodedRow.encode(split.select(data, key, "test"), sig).cache();
    long testRows = run.progress().step("encoding the test split", test::count, n -> n + " rows");
    // Mixed precision ranks layers on rows the gate does not judge: the validation split.
    return split.validation() > 0
        ? new QuantizeData(
            sample,
            test,
            testRows,
            "validation",
            EncodedRow.encode(split.select(data, key, "validation"), sig))
        : new QuantizeData(sample, test, testRows, "test", test);
  }

  /** Releases what {@link #read} cached. */
  void unpersist() {
    sample.unpersist(false);
    test.unpersist(false);
  }

  private static Dataset<Row> table(QuantizeRun run, ModelManifest manifest) {
    QuantizeConfig cfg = run.cfg();
    ModelInputTable in = ModelInputTable.of(cfg.table(), cfg.version(), manifest);
    if (in.missing()) {
      throw new QuantizeException(
          "No data to calibrate and test on: the model at "
              + cfg.model()
              + " names no input table. Set lepton.quantize.data.table.");
    }
    try {
      return in.read(run.spark());
    } catch (Exception e) {
      throw QuantizeErrors.unreadableTable(in, e);
    }
  }

  private static JavaRDD<float[]> calibrationSample(
      QuantizeConfig cfg, SplitRule split, Dataset<Row> data, FeatureSignature sig) {
    Dataset<Row> train = split.select(data, sig.key(), "train");
    long rows = train.count();
    double fraction = rows == 0 ? 1.0 : Math.min(1.0, cfg.sampleRows() * 1.1 / rows);
    Dataset<Row> sampled = fraction >= 1.0 ? train : train.sample(false, fraction, 7L);
    return EncodedRow.encode(sampled.limit((int) cfg.sampleRows()), sig)
        .map(EncodedRow::features)
        .cache();
  }
}
