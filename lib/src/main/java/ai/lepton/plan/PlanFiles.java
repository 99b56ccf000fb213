package ai.lepton.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the definitions of the chosen plans to the output folder: {@code spark-submit.args} (one
 * argument per line) and {@code spark-submit.sh} for the best plan, the EMR requests for the best
 * EMR plan, and the Databricks job for the best Databricks plan.
 */
final class PlanFiles {

  static final String SUBMIT_ARGS = "spark-submit.args";
  static final String SUBMIT_SCRIPT = "spark-submit.sh";
  static final String EMR_CLUSTER = "emr-cluster.json";
  static final String EMR_ADD_STEPS = "emr-add-steps.json";
  static final String DATABRICKS_JOB = "databricks-job.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final List<PlanResult.Output> written = new ArrayList<>();

  PlanFiles(Path dir) {
    this.dir = dir;
  }

  List<PlanResult.Output> written() {
    return List.copyOf(written);
  }

  void sparkSubmit(int rank, Candidate c, SparkSubmit submit) {
    List<String> args = submit.args(c, SparkSubmit.Mode.PLAIN);
    write(SUBMIT_ARGS, String.join("\n", args) + "\n", "spark-submit", rank);
    String script =
        "#!/bin/sh\n# Lepton plan #"
            + rank
            + ": "
            + c.describe()
            + "\n# Written by lepton plan; see "
            + SUBMIT_ARGS
            + " for the same arguments one per line.\nexec "
            + submit.script(c)
            + " \"$@\"\n";
    write(SUBMIT_SCRIPT, script, "spark-submit", rank);
    try {
      Files.setPosixFilePermissions(
          dir.resolve(SUBMIT_SCRIPT), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException | UnsupportedOperationException e) {
      // not a POSIX file system: the script still runs with `sh spark-submit.sh`
    }
  }

  void emr(int rank, Candidate c, EmrDefinitions emr) {
    write(EMR_CLUSTER, json(emr.runJobFlow(c)), "emr-run-job-flow", rank);
    write(EMR_ADD_STEPS, json(emr.addSteps(c)), "emr-add-job-flow-steps", rank);
  }

  void databricks(int rank, Candidate c, DatabricksJob job) {
    write(DATABRICKS_JOB, json(job.create(c)), "databricks-jobs-2.1", rank);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw PlanErrors.cannotRender(e);
    }
  }

  private void write(String name, String text, String kind, int rank) {
    Path file = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      Files.writeString(file, text);
    } catch (IOException e) {
      throw PlanErrors.cannotWrite(file, e);
    }
    written.add(new PlanResult.Output(file.toString(), kind, rank));
  }
}
