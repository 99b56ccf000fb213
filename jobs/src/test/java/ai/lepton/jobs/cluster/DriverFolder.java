package ai.lepton.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a driver left in its working folder. */
final class DriverFolder {

  private DriverFolder() {}

  /**
   * Every file under {@code folder} except scratch that dies with the driver: its temp folder
   * ({@code tmp}, the driver JVM's {@code java.io.tmpdir}) and Spark's {@code spark.local.dir}.
   * Models, checkpoints, tables and runs must be on the object stores, so this must be empty.
   */
  static List<Path> durableFiles(Path folder) throws IOException {
    Path scratch = folder.resolve("tmp");
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(scratch)).toList();
    }
  }

  /** Files the driver left in its temp folder ({@code lepton-*} scratch must be removed). */
  static List<Path> leptonTempFiles(Path folder) throws IOException {
    Path scratch = folder.resolve("tmp");
    if (!Files.isDirectory(scratch)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.list(scratch)) {
      return walk.filter(p -> p.getFileName().toString().startsWith("lepton-")).toList();
    }
  }
}
