package ai.lepton.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A small CSV reader for the price catalog: a header line, then one row per line; blank lines and
 * lines starting with {@code #} are skipped; double quotes may enclose a value with commas. Every
 * row remembers its file and line so that errors can point at them.
 */
final class CsvTable {

  private CsvTable() {}

  /** One data row: its values by column name, and where it came from. */
  record Row(String file, int line, String configKey, Map<String, String> values) {

    /** The trimmed value of a column; empty when the cell is empty. */
    String text(String column) {
      return values.getOrDefault(column, "").trim();
    }

    /** A value that must not be empty. */
    String required(String column) {
      String value = text(column);
      if (value.isEmpty()) {
        throw error(column + " is empty; every row needs one");
      }
      return value;
    }

    /** A number that must be present, not negative. */
    double number(String column) {
      return optionalNumber(column)
          .orElseThrow(() -> error(column + " is empty; every row needs a number there"));
    }

    /** A number that may be absent (empty cell), not negative when present. */
    OptionalDouble optionalNumber(String column) {
      String value = text(column);
      if (value.isEmpty()) {
        return OptionalDouble.empty();
      }
      double parsed;
      try {
        parsed = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw error(column + " is '" + value + "', which is not a number");
      }
      if (!(parsed >= 0) || Double.isInfinite(parsed)) {
        throw error(column + " is " + value + "; it must be a number of 0 or more");
      }
      return OptionalDouble.of(parsed);
    }

    /** A whole number, written as {@code 4} or {@code 4.0}; 0 when the cell is empty. */
    int count(String column) {
      double value = optionalNumber(column).orElse(0);
      if (value != Math.rint(value) || value > Integer.MAX_VALUE) {
        throw error(column + " is " + text(column) + "; it must be a whole number");
      }
      return (int) value;
    }

    /** A lower-case value. */
    String lower(String column) {
      return required(column).toLowerCase(Locale.ROOT);
    }

    /** An error naming this row's file and line, and how to fix it. */
    CatalogException error(String what) {
      return new CatalogException(
          file
              + " line "
              + line
              + ": "
              + what
              + ". Fix the row, or point "
              + configKey
              + " at a corrected copy.");
    }
  }

  /** Parses {@code text}; the header must hold every one of {@code columns}. */
  static List<Row> parse(String file, String configKey, String text, List<String> columns) {
    String[] lines = text.split("\r?\n", -1);
    List<String> header = null;
    int headerLine = 0;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      int number = i + 1;
      List<String> cells = split(line, file, number, configKey);
      if (header == null) {
        header = cells.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).toList();
        headerLine = number;
        checkHeader(header, columns, file, number, configKey);
        continue;
      }
      if (cells.size() != header.size()) {
        throw new Row(file, number, configKey, Map.of())
            .error(
                "has "
                    + cells.size()
                    + " values, but the header (line "
                    + headerLine
                    + ") names "
                    + header.size()
                    + " columns");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        values.put(header.get(c), cells.get(c));
      }
      rows.add(new Row(file, number, configKey, values));
    }
    if (header == null) {
      throw new CatalogException(
          file
              + " has no header line. It needs the columns "
              + String.join(",", columns)
              + "; point "
              + configKey
              + " at a complete file.");
    }
    return rows;
  }

  private static void checkHeader(
      List<String> header, List<String> columns, String file, int line, String configKey) {
    List<String> missing = columns.stream().filter(c -> !header.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new Row(file, line, configKey, Map.of())
          .error(
              "the header lacks the column(s) "
                  + String.join(", ", missing)
                  + "; it needs "
                  + String.join(",", columns));
    }
  }

  private static List<String> split(String line, String file, int number, String configKey) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    if (quoted) {
      throw new Row(file, number, configKey, Map.of()).error("has a quote that is never closed");
    }
    cells.add(cell.toString());
    return cells;
  }
}
