package ai.lepton.gpu;

import java.util.Map;

/**
 * Says what causes an operator to stay on CPU and, where known, how to avoid it: the data source (a
 * reader or format RAPIDS cannot run), Spark's cache serializer, a UDF, or an expression RAPIDS
 * lacks. Only UDFs and expressions are the job's own code.
 */
final class Fallbacks {

  /** Expressions Lepton has used or might, and the GPU-supported way to write them. */
  private static final Map<String, String> EXPRESSIONS =
      Map.of(
          "UDF",
          "replace the UDF with built-in Spark SQL functions, or give it a GPU implementation"
              + " (RapidsUDF)",
          "ArrayMax",
          "pick the greatest candidate with scalar comparisons (CASE WHEN over the fields)"
              + " instead of array_max over structs",
          "ArrayMin",
          "pick the least candidate with scalar comparisons instead of array_min over structs",
          "ArrayDistinct",
          "count distinct values with pairwise null-safe comparisons instead of array_distinct",
          "MapFromEntries",
          "build the map with map_from_arrays(transform(...), transform(...))",
          "ArraysZip",
          "build the array of structs with array(struct(...), ...) instead of arrays_zip");

  private Fallbacks() {}

  static GpuCheckResult.Fallback classify(GpuPlan.Operator op, boolean ownCode) {
    String name = op.name();
    String reason = op.reason();
    if (name.equals("InMemoryTableScanExec")) {
      return new GpuCheckResult.Fallback(
          name,
          reason,
          "cache",
          false,
          "set spark.sql.cache.serializer=com.nvidia.spark.ParquetCachedBatchSerializer and"
              + " spark.rapids.sql.exec.InMemoryTableScanExec=true (conf/spark-rapids.conf)");
    }
    if (reason.contains("DeltaParquetFileFormat")) {
      return new GpuCheckResult.Fallback(
          name,
          reason,
          "data-source",
          false,
          "a Delta table read through Delta's own Parquet format, which this RAPIDS jar does not"
              + " place on GPU here; it is the platform's reader, not the job's code");
    }
    if (name.contains("Scan")
        || name.toLowerCase().contains("delta")
        || reason.contains("from a CPU scan")) {
      return new GpuCheckResult.Fallback(
          name,
          reason,
          "data-source",
          false,
          "the source's format or reader options keep the scan on CPU; a Parquet copy of the"
              + " source reads on GPU");
    }
    if (reason.contains("is disabled by default")
        || reason.contains("To enable this operation on the GPU, set")
        || reason.contains("set spark.rapids.sql.hasExtendedYearValues to false")) {
      return new GpuCheckResult.Fallback(
          name,
          reason,
          "disabled-by-default",
          false,
          "RAPIDS supports it but keeps it off by default (not bit-for-bit compatible or beta); turn"
              + " on the setting the reason names only after checking its compatibility notes");
    }
    boolean udf = reason.contains("UDF");
    String suggestion =
        udf
            ? EXPRESSIONS.get("UDF")
            : EXPRESSIONS.entrySet().stream()
                .filter(e -> reason.contains(e.getKey() + ":"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("");
    return new GpuCheckResult.Fallback(
        name, reason, udf ? "udf" : "expression", ownCode, suggestion);
  }
}
