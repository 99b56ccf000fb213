package ai.lepton.train;

import ai.lepton.config.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The input table and version a checkpointing run trains on, kept beside its checkpoints ({@code
 * <checkpoints>/input-version.json}), so that {@code --resume} continues on the same rows: when the
 * table it would read now is another one, or another version (the table moved on and {@code
 * lepton.train.input.version} is -1, the latest), the resume is refused before any work.
 */
final class InputPin {

  static final String FILE = "input-version.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private InputPin() {}

  /** Records that the run checkpointing into {@code checkpointUri} reads {@code table@version}. */
  static void write(String checkpointUri, String table, long version, Configuration conf) {
    Path file = new Path(checkpointUri, FILE);
    Map<String, Object> pin = new LinkedHashMap<>();
    pin.put("table", table);
    pin.put("version", version);
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      out.write(JSON.writeValueAsBytes(pin));
    } catch (IOException e) {
      throw TrainErrors.modelFile(
          "write " + file + " (the input version a resumed run must use)",
          e,
          "Check that lepton.train.model.uri is writable from the driver.");
    }
  }

  /**
   * Fails with a {@link ConfigException} when the run {@code runId} was pinned to another table or
   * version than {@code table@current}; a checkpoint folder without a pin (an older Lepton) passes.
   */
  static void requireSame(
      String checkpointUri, String runId, String table, long current, Configuration conf) {
    JsonNode pin = read(new Path(checkpointUri, FILE), conf);
    if (pin == null) {
      return;
    }
    String pinnedTable = pin.path("table").asText();
    long pinned = pin.path("version").asLong();
    if (pinnedTable.equals(table) && pinned == current) {
      return;
    }
    throw new ConfigException(
        "Cannot resume run "
            + runId
            + ": it trained on "
            + pinnedTable
            + " at version "
            + pinned
            + ", but this run would read "
            + table
            + " at version "
            + current
            + (pinnedTable.equals(table)
                ? " (the table has moved on since the run started)"
                : " (lepton.train.input.table changed)")
            + ", and a resumed model must come from one version only. Resume on the pinned rows"
            + " with --set lepton.train.input.table="
            + pinnedTable
            + " --set lepton.train.input.version="
            + pinned
            + ", or start a new run on version "
            + current
            + " without --resume.");
  }

  private static JsonNode read(Path file, Configuration conf) {
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return null;
      }
      try (InputStream in = fs.open(file)) {
        return JSON.readTree(in);
      }
    } catch (IOException e) {
      throw TrainErrors.modelFile(
          "read " + file + " (the input version the resumed run used)",
          e,
          "Start a new run without --resume.");
    }
  }
}
