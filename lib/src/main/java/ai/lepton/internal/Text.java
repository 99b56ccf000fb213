package ai.lepton.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.function.Consumer;

/** Text for people: the summaries results print, and byte counts in them. */
public final class Text {

  private Text() {}

  /** What {@code printer} prints, as a string (lines end in the platform's line separator). */
  public static String of(Consumer<PrintWriter> printer) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    printer.accept(out);
    out.flush();
    return text.toString();
  }

  /** A byte count for people: 512 B, 1.5 MiB, 2.0 GiB. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
