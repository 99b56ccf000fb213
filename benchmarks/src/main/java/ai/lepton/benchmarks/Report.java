package ai.lepton.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Writes {@link UploadBenchmark}'s results as Markdown and JSON, with the machine it ran on. */
final class Report {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Compact JSON with a space after each ':' and ',', on one line. */
  private static final PrettyPrinter ROW =
      new MinimalPrettyPrinter() {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
          g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
          g.writeRaw(", ");
        }
      };

  private static final long MIB = 1024 * 1024;

  private Report() {}

  static String markdown(
      List<UploadBenchmark.Run> runs,
      long sizeMib,
      String loadBefore,
      String loadAfter,
      String[] args) {
    StringBuilder b = new StringBuilder();
    b.append("# Multipart upload vs single request (").append(sizeMib).append(" MiB)\n\n");
    b.append("Produced by `ai.lepton.benchmarks.UploadBenchmark` on ")
        .append(UploadBenchmark.now())
        .append(":\n\n```\n")
        .append("mvn -B -pl benchmarks -am package -DskipTests\n")
        .append("java ")
        .append(String.join(" ", jvmArgs()))
        .append(" -cp 'benchmarks/target/*:benchmarks/target/lib/*' \\\n")
        .append("  ai.lepton.benchmarks.UploadBenchmark ")
        .append(String.join(" ", args))
        .append("\n```\n\n");
    b.append("Machine: ").append(machine()).append(".  \n");
    b.append("Load average before / after: ")
        .append(loadBefore)
        .append(" / ")
        .append(loadAfter)
        .append(" (the machine is shared; numbers move with it).\n\n");
    b.append("Each row streams the same file from disk through `ObjectStore.write(uri, in, size)`")
        .append(" into a server on 127.0.0.1 (s3proxy 4.1.0 on its filesystem backend, Azurite")
        .append(" 3.35.0 on disk). `multipart`: parts of 8 MiB, 4 in flight; `single-request`:")
        .append(" one streamed PUT / Put Blob; both with `verify-writes = none` so they time the")
        .append(" transfer alone. `multipart+verify` is `multipart` with `verify-writes = auto`")
        .append(" (each part carries its SHA-256 / MD5 and the server checks it). `peak heap`")
        .append(" is the most heap in use while the upload ran, garbage included (sampled every")
        .append(" 5 ms); `live heap` is the most heap still in use right after a garbage")
        .append(" collection during the upload (an upper bound of what the upload held: a young")
        .append(
            " collection leaves old-generation garbage in place; 0 when none ran). The whole JVM")
        .append(" heap is ")
        .append(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / MIB)
        .append(" MiB, a quarter of the file: a write that buffered the file would fail.")
        .append(" A warm-up round of 48 MiB per mode runs first and is not recorded.\n\n");
    b.append("| target | mode | rep | MiB/s | seconds | parts | verification | peak heap MiB |")
        .append(" live heap MiB |\n");
    b.append("|---|---|---:|---:|---:|---:|---|---:|---:|\n");
    for (UploadBenchmark.Run r : runs) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.1f | %.1f | %d | %s | %d | %d |%n",
              r.target(),
              r.mode(),
              r.rep(),
              r.mibPerSecond(),
              r.seconds(),
              r.parts(),
              r.verification(),
              r.peakHeap() / MIB,
              r.peakLiveHeap() / MIB));
    }
    b.append("\n## Ratios (mean over repetitions)\n\n");
    b.append(
        "| target | multipart / single-request throughput | multipart live heap, % of file |\n");
    b.append("|---|---:|---:|\n");
    for (String target : List.of("s3proxy", "azurite")) {
      double multipart = mean(runs, target, "multipart");
      double single = mean(runs, target, "single-request");
      double growth =
          runs.stream()
              .filter(r -> r.target().equals(target) && r.mode().equals("multipart"))
              .mapToLong(UploadBenchmark.Run::peakLiveHeap)
              .max()
              .orElse(0);
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.1f %% |%n",
              target,
              multipart / single,
              100.0 * growth / (sizeMib * MIB)));
    }
    return b.toString();
  }

  /**
   * The results as JSON: the run's settings, then one run per line (the layout of {@code
   * multipart-upload.json}); every value written by Jackson, so quotes and backslashes are escaped.
   */
  static String json(List<UploadBenchmark.Run> runs, long sizeMib, String[] args) {
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("benchmark", "multipart-upload");
    head.put("sizeMib", sizeMib);
    head.put("args", String.join(" ", args));
    head.put("jvmArgs", String.join(" ", jvmArgs()));
    head.put("machine", machine());
    StringBuilder b = new StringBuilder("{\n");
    head.forEach(
        (k, v) -> b.append("  ").append(json(k)).append(": ").append(json(v)).append(",\n"));
    b.append("  \"runs\": [\n");
    for (int i = 0; i < runs.size(); i++) {
      b.append("    ").append(json(row(runs.get(i)))).append(i + 1 < runs.size() ? ",\n" : "\n");
    }
    return b.append("  ]\n}\n").toString();
  }

  private static Map<String, Object> row(UploadBenchmark.Run r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", r.target());
    m.put("mode", r.mode());
    m.put("rep", r.rep());
    m.put("bytes", r.bytes());
    m.put("seconds", BigDecimal.valueOf(r.seconds()).setScale(3, RoundingMode.HALF_UP));
    m.put("mibPerSecond", BigDecimal.valueOf(r.mibPerSecond()).setScale(2, RoundingMode.HALF_UP));
    m.put("parts", r.parts());
    m.put("verification", r.verification());
    m.put("peakHeapBytes", r.peakHeap());
    m.put("peakLiveHeapBytes", r.peakLiveHeap());
    m.put("baseHeapBytes", r.baseHeap());
    return m;
  }

  /** One value as compact JSON, with ", " between members as the results files have. */
  private static String json(Object value) {
    try {
      return JSON.writer(ROW).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double mean(List<UploadBenchmark.Run> runs, String target, String mode) {
    OptionalDouble m =
        runs.stream()
            .filter(r -> r.target().equals(target) && r.mode().equals(mode))
            .mapToDouble(UploadBenchmark.Run::mibPerSecond)
            .average();
    return m.orElse(Double.NaN);
  }

  private static List<String> jvmArgs() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  static String machine() {
    Map<String, String> m = new TreeMap<>();
    m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      String cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse("unknown");
      m.put("cpu", cpu);
      String mem =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal"))
              .findFirst()
              .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
              .orElse("unknown");
      m.put("memory", mem);
    } catch (IOException | NumberFormatException e) {
      m.put("cpu", "unknown");
    }
    return m.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
