package ai.lepton.jobs;

import ai.lepton.JobResult;
import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import ai.lepton.track.RunFailure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes job reports as JSON: to {@code --report FILE}, and to stdout with {@code --json}. */
final class Reports {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {}

  /** The report as JSON text. */
  static String toJson(Object report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (IOException e) {
      throw new LeptonException("Cannot render the report as JSON: " + e.getMessage(), e);
    }
  }

  /** Writes the report where the options say; returns true when the summary should be printed. */
  static boolean emit(JobOptions options, Object report, PrintWriter out) {
    String json = toJson(report);
    if (options.report != null) {
      write(options.report, json);
    }
    if (options.json) {
      out.println(json);
      return false;
    }
    return true;
  }

  /** A report for a job that failed before it could produce its result. */
  static Map<String, Object> failure(String job, Throwable error) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("job", job);
    r.put("status", JobResult.Status.FAILED.word());
    String runId = RunFailure.runId(error);
    if (runId != null) {
      r.put("runId", runId);
    }
    r.put("error", Failures.describe(error));
    return r;
  }

  private static void write(Path file, String json) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, json + System.lineSeparator());
    } catch (IOException e) {
      throw new LeptonException(
          "Cannot write the report to "
              + file
              + ": "
              + e.getMessage()
              + ". Choose a writable path for --report.",
          e);
    }
  }
}
