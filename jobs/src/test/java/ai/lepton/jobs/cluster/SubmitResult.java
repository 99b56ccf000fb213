package ai.lepton.jobs.cluster;

import java.nio.file.Path;

/**
 * How a {@code spark-submit} ended.
 *
 * @param exitCode the driver JVM's exit code
 * @param stdout the driver's standard output file
 * @param stderr the driver's standard error file (Spark's and Lepton's logs)
 * @param logTail the last lines of both, for assertion messages
 * @param driverWorkDir the driver's working folder (its {@code java.io.tmpdir} is {@code tmp}
 *     inside it)
 */
record SubmitResult(int exitCode, Path stdout, Path stderr, String logTail, Path driverWorkDir) {}
