package ai.lepton.plan;

import ai.lepton.errors.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The text of one price catalog file: the user's file at the path its key names, or the built-in
 * copy of {@code conf/catalog/} packaged beside this class.
 *
 * @param name how errors name the file
 * @param key the config key that points at the file
 */
record CatalogFile(String name, String key, String text) {

  /** The file's rows, checked against {@code columns}. */
  List<CsvTable.Row> rows(List<String> columns) {
    return CsvTable.parse(name, key, text, columns);
  }

  /**
   * Reads {@code configured}, or the built-in {@code fileName} when it is blank; a missing or
   * unreadable file is a {@link CatalogException} naming {@code key}.
   */
  static CatalogFile read(String configured, String fileName, String key) {
    if (configured == null || configured.isBlank()) {
      try (InputStream in = CatalogFile.class.getResourceAsStream("catalog/" + fileName)) {
        if (in == null) {
          throw new ai.lepton.LeptonException(
              "The built-in price catalog file "
                  + fileName
                  + " is missing from the Lepton jar. Rebuild Lepton, or set "
                  + key
                  + " to a copy of conf/catalog/"
                  + fileName
                  + ".");
        }
        return new CatalogFile(
            "conf/catalog/" + fileName + " (built in)",
            key,
            new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw PlanErrors.builtInCatalog(fileName, key, e);
      }
    }
    Path path = Path.of(configured);
    if (!Files.isRegularFile(path)) {
      throw new CatalogException(
          "Cannot read the price catalog file "
              + path
              + " ("
              + key
              + "): it does not exist or is not a file. Fix the path, or set "
              + key
              + " = \"\" to use the built-in conf/catalog/"
              + fileName
              + ".");
    }
    try {
      return new CatalogFile(path.toString(), key, Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CatalogException(
          "Cannot read the price catalog file "
              + path
              + " ("
              + key
              + "): "
              + Failures.rootMessage(e)
              + ". Check that it is readable UTF-8 text.");
    }
  }
}
