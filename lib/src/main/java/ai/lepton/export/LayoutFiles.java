package ai.lepton.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing the files of a serving layout: JSON, YAML, text, bytes and packaged resources. */
final class LayoutFiles {

  /** Indented JSON with map keys sorted. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * Block-style YAML, no {@code ---} line, long strings on one line, every string value
   * double-quoted (so a version such as {@code "7"} stays a string), map entries in insertion
   * order.
   */
  static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .build();

  private LayoutFiles() {}

  /** {@code value} as YAML text. */
  static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw ExportErrors.cannotRender("YAML", e);
    }
  }

  /** The text of the resource {@code name} packaged beside this class. */
  static String resource(String name) {
    try (InputStream in = LayoutFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw ExportErrors.missingResource(name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ExportErrors.io(
          "read " + name + " from Lepton's jar", e, "Rebuild or reinstall Lepton.");
    }
  }

  /** {@code value} as JSON text ending in a newline; {@code what} names the file in errors. */
  static String json(Object value, String what) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw ExportErrors.cannotRender(what, e);
    }
  }

  static Path writeJson(Path file, Object value) {
    return write(file, json(value, file.getFileName().toString()));
  }

  static Path writeYaml(Path file, Object value) {
    return write(file, yaml(value));
  }

  static Path write(Path file, String text) {
    return write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw ExportErrors.staging("write " + file, e);
    }
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw ExportErrors.staging("create the folder " + dir, e);
    }
  }
}
