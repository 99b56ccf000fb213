package ai.lepton.jobs;

import ai.lepton.reconcile.ReconcileResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reconcile report as one self-contained HTML page ({@code lepton reconcile --html FILE}): the
 * outcome, the key counts, per-source accounting, conflicts per column as a bar chart, the sample
 * conflicts with each source's value, the schema report and the tables written. No script and no
 * external resource: it opens from a file, a notebook's output or a mail attachment alike.
 */
final class ReconcilePage {

  private static final int BAR_WIDTH = 480;
  private static final int BAR_HEIGHT = 22;

  private ReconcilePage() {}

  /** Writes the page for {@code r} to {@code file}, creating its folder. */
  static void write(ReconcileResult r, java.nio.file.Path file) {
    try {
      java.nio.file.Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        java.nio.file.Files.createDirectories(parent);
      }
      java.nio.file.Files.writeString(file, render(r), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new ai.lepton.LeptonException(
          "Cannot write the HTML page "
              + file
              + ": "
              + e.getMessage()
              + ". Check that its folder is writable, or leave out --html.",
          e);
    }
  }

  /** The page for {@code r}. */
  static String render(ReconcileResult r) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(esc("Lepton reconcile " + r.runId() + ": " + r.status()))
        .append("</title>\n<style>")
        .append(
            "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24}"
                + "h1{font-size:20px}h2{font-size:16px;margin-top:28px}"
                + "table{border-collapse:collapse;margin:8px 0}"
                + "th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}"
                + "td.n{text-align:right;font-variant-numeric:tabular-nums}"
                + ".cards{display:flex;gap:12px;flex-wrap:wrap}"
                + ".card{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:110px}"
                + ".card b{display:block;font-size:22px}"
                + ".failed{color:#b42318}.succeeded{color:#067647}")
        .append("</style></head>\n<body>\n");
    h.append("<h1>Reconcile <code>")
        .append(esc(r.runId()))
        .append("</code>: <span id=\"status\" class=\"")
        .append(esc(r.status().word()))
        .append("\">")
        .append(esc(r.status().word()))
        .append("</span>")
        .append(r.dryRun() ? " (dry run: no table written)" : "")
        .append("</h1>\n<p>Started ")
        .append(esc(String.valueOf(r.startedAt())))
        .append(", took ")
        .append(String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0))
        .append(".</p>\n");
    counts(r, h);
    sources(r, h);
    conflicts(r, h);
    samples(r, h);
    schema(r, h);
    tables(r, h);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void counts(ReconcileResult r, StringBuilder h) {
    ReconcileResult.Counts c = r.counts();
    h.append("<h2>Keys</h2>\n<div class=\"cards\">");
    card(h, "keys", "keys", c.keys());
    card(h, "matched", "matched", c.matched());
    card(h, "conflicting", "conflicting", c.conflicting());
    c.missing().forEach((source, n) -> card(h, "missing-" + source, "missing in " + source, n));
    h.append("</div>\n<p id=\"gate\">Gate: ")
        .append(String.format(Locale.ROOT, "%.4f", r.gate().conflictRatio()))
        .append(" of keys conflict, maximum ")
        .append(String.format(Locale.ROOT, "%.4f", r.gate().maxConflictRatio()))
        .append(": <b class=\"")
        .append(r.gate().passed() ? "succeeded\">passed" : "failed\">failed, golden left as it was")
        .append("</b>.</p>\n");
  }

  private static void card(StringBuilder h, String id, String label, long value) {
    h.append("<div class=\"card\" id=\"")
        .append(esc(id))
        .append("\"><b>")
        .append(String.format(Locale.ROOT, "%,d", value))
        .append("</b>")
        .append(esc(label))
        .append("</div>");
  }

  private static void sources(ReconcileResult r, StringBuilder h) {
    h.append("<h2>Sources</h2>\n<table id=\"sources\"><tr><th>source</th><th>format</th>")
        .append("<th>rows read</th><th>in golden</th><th>lost a conflict</th><th>duplicates</th>")
        .append("<th>quarantined</th><th>files read</th><th>files skipped</th>")
        .append("<th>bytes read</th></tr>\n");
    for (ReconcileResult.Source s : r.sources()) {
      h.append("<tr><td>").append(esc(s.name())).append("</td><td>").append(esc(s.format()));
      for (long n :
          new long[] {
            s.rowsRead(),
            s.rowsInGolden(),
            s.rowsLostConflict(),
            s.duplicateKeys(),
            s.rowsQuarantined(),
            s.filesRead(),
            s.filesSkipped(),
            s.bytesRead()
          }) {
        h.append("</td><td class=\"n\">").append(String.format(Locale.ROOT, "%,d", n));
      }
      h.append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Conflicting keys per column, as horizontal bars scaled to the largest. */
  private static void conflicts(ReconcileResult r, StringBuilder h) {
    Map<String, Long> byColumn = r.conflicts().byColumn();
    h.append("<h2>Conflicts per column</h2>\n");
    if (byColumn.isEmpty()) {
      h.append("<p id=\"no-conflicts\">No column conflicts.</p>\n");
      return;
    }
    long max = byColumn.values().stream().mapToLong(Long::longValue).max().orElse(1);
    int labelWidth = 160;
    int height = byColumn.size() * (BAR_HEIGHT + 6);
    h.append("<svg id=\"conflicts-chart\" role=\"img\" aria-label=\"conflicting keys per column\"")
        .append(" width=\"")
        .append(labelWidth + BAR_WIDTH + 100)
        .append("\" height=\"")
        .append(height)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"13\">\n");
    int y = 0;
    for (Map.Entry<String, Long> e : byColumn.entrySet()) {
      long width = Math.max(1, Math.round((double) BAR_WIDTH * e.getValue() / max));
      h.append("<text x=\"0\" y=\"")
          .append(y + 16)
          .append("\">")
          .append(esc(e.getKey()))
          .append("</text><rect class=\"bar\" data-column=\"")
          .append(esc(e.getKey()))
          .append("\" x=\"")
          .append(labelWidth)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(width)
          .append("\" height=\"")
          .append(BAR_HEIGHT)
          .append("\" fill=\"#d92d20\"/><text x=\"")
          .append(labelWidth + width + 6)
          .append("\" y=\"")
          .append(y + 16)
          .append("\">")
          .append(String.format(Locale.ROOT, "%,d", e.getValue()))
          .append("</text>\n");
      y += BAR_HEIGHT + 6;
    }
    h.append("</svg>\n");
  }

  private static void samples(ReconcileResult r, StringBuilder h) {
    List<ReconcileResult.ConflictSample> samples = r.conflicts().samples();
    if (samples.isEmpty()) {
      return;
    }
    Set<String> sources = new LinkedHashSet<>();
    r.sources().forEach(s -> sources.add(s.name()));
    h.append("<h2>Sample conflicts</h2>\n<table id=\"samples\"><tr><th>key</th><th>column</th>");
    sources.forEach(s -> h.append("<th>").append(esc(s)).append("</th>"));
    h.append("<th>winner</th></tr>\n");
    for (ReconcileResult.ConflictSample s : samples) {
      List<String> key = new ArrayList<>();
      s.key().forEach((k, v) -> key.add(s.key().size() == 1 ? v : k + "=" + v));
      h.append("<tr><td>")
          .append(esc(String.join(", ", key)))
          .append("</td><td>")
          .append(esc(s.column()));
      for (String source : sources) {
        String v = s.values().get(source);
        h.append("</td><td>").append(v == null ? "<i>absent</i>" : esc(v));
      }
      h.append("</td><td>").append(esc(s.winner())).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void schema(ReconcileResult r, StringBuilder h) {
    h.append("<h2>Schema</h2>\n<table id=\"schema\"><tr><th>column</th><th>role</th>")
        .append("<th>compared as</th><th>type per source</th><th>widened in</th>")
        .append("<th>missing in</th><th>tolerance</th></tr>\n");
    for (ReconcileResult.SchemaColumn c : r.schema().columns()) {
      List<String> types = new ArrayList<>();
      c.sourceTypes()
          .forEach(
              (s, t) ->
                  types.add(
                      s
                          + ": "
                          + t
                          + (c.mappedFrom().containsKey(s)
                              ? " (its " + c.mappedFrom().get(s) + ")"
                              : "")
                          + (c.transforms().containsKey(s) ? " = " + c.transforms().get(s) : "")));
      h.append("<tr><td>")
          .append(esc(c.name()))
          .append("</td><td>")
          .append(esc(c.role()))
          .append("</td><td>")
          .append(esc(c.alignedType()))
          .append("</td><td>")
          .append(esc(String.join(", ", types)))
          .append("</td><td>")
          .append(esc(String.join(", ", c.widenedIn())))
          .append("</td><td>")
          .append(esc(String.join(", ", c.missingIn())))
          .append("</td><td>")
          .append(c.tolerance() == null ? "" : esc(c.tolerance()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void tables(ReconcileResult r, StringBuilder h) {
    ReconcileResult.Golden g = r.golden();
    h.append("<h2>Tables</h2>\n<table id=\"tables\"><tr><th>table</th><th>location</th>")
        .append("<th>this run</th></tr>\n<tr><td>golden</td><td>")
        .append(esc(g.uri()))
        .append("</td><td>")
        .append(
            g.committed()
                ? String.format(
                    Locale.ROOT,
                    "version %d: +%,d inserted, %,d updated, %,d deleted (%,d rows)",
                    g.version(),
                    g.inserted(),
                    g.updated(),
                    g.deleted(),
                    g.rows())
                : String.format(
                    Locale.ROOT, "no change (version %d, %,d rows)", g.version(), g.rows()))
        .append("</td></tr>\n");
    row(h, "discrepancies", r.discrepancies());
    row(h, "quarantine", r.quarantine());
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String name, ReconcileResult.Table t) {
    h.append("<tr><td>")
        .append(name)
        .append("</td><td>")
        .append(esc(t.uri()))
        .append("</td><td>")
        .append(String.format(Locale.ROOT, "+%,d rows", t.rows()))
        .append("</td></tr>\n");
  }

  /** Text made safe for HTML element content and quoted attributes. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
