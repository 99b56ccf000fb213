package ai.lepton.errors;

import ai.lepton.LeptonException;
import ai.lepton.config.Redactor;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The one way Lepton wraps an engine or SDK failure (Spark, Delta, Hadoop, Jackson, DJL, XGBoost,
 * ONNX Runtime, the JDK's I/O): once, with what was being done and how to fix it, keeping only the
 * first line of the cause's message (a Spark failure's message can hold a whole query plan) with
 * secrets masked. The cause stays attached, so {@code -Dlepton.debug=true} prints the full chain. A
 * failure that already is a {@link LeptonException}, or carries one as its cause (a Lepton error
 * thrown inside a Spark task), is returned as it is, never wrapped twice.
 */
public final class Failures {

  /** The fix to give when there is nothing better to say: how to see the whole cause. */
  public static final String DEBUG_HINT =
      "Set -Dlepton.debug=true in LEPTON_JAVA_OPTS to print the full error.";

  private Failures() {}

  /**
   * Wraps {@code cause} as "Cannot DOING: FIRST LINE OF THE CAUSE. FIX", built by {@code type} (for
   * example {@code ModelException::new}), or returns the Lepton error {@code cause} already is or
   * carries.
   *
   * @param doing what could not be done, e.g. {@code "read the model at s3://b/m"}
   * @param fix what to change, a full sentence naming the key or file, or empty
   */
  public static LeptonException wrap(
      Throwable cause,
      String doing,
      String fix,
      BiFunction<String, Throwable, ? extends LeptonException> type) {
    Optional<LeptonException> lepton = leptonCause(cause);
    if (lepton.isPresent()) {
      return lepton.get();
    }
    return type.apply(message(doing, rootMessage(cause), fix), cause);
  }

  /**
   * Wraps {@code cause} with the message {@code message} builds from the first line of the cause
   * (secrets masked, no final period), as {@code type}; or returns the Lepton error {@code cause}
   * already is or carries. For messages that do not start with "Cannot", e.g. {@code why ->
   * "xgboost failed to train: " + why + ". Check lepton.train.xgboost."}.
   */
  public static LeptonException wrap(
      Throwable cause,
      Function<String, String> message,
      BiFunction<String, Throwable, ? extends LeptonException> type) {
    Optional<LeptonException> lepton = leptonCause(cause);
    if (lepton.isPresent()) {
      return lepton.get();
    }
    return type.apply(
        Redactor.redactMessage(message.apply(stripPeriod(rootMessage(cause)))), cause);
  }

  /**
   * "Cannot DOING: WHY. FIX", the shape of every Lepton message (as {@code StorageException}'s),
   * with secrets masked.
   */
  public static String message(String doing, String why, String fix) {
    StringBuilder m = new StringBuilder("Cannot ").append(doing.strip());
    if (why != null && !why.isBlank()) {
      m.append(": ").append(stripPeriod(why)).append('.');
    } else {
      m.append('.');
    }
    if (fix != null && !fix.isBlank()) {
      m.append(' ').append(fix.strip());
    }
    return Redactor.redactMessage(m.toString());
  }

  /** The Lepton error {@code e} is or has as a cause (outermost first), if any. */
  public static Optional<LeptonException> leptonCause(Throwable e) {
    for (Throwable t = e; t != null; t = next(t)) {
      if (t instanceof LeptonException lepton) {
        return Optional.of(lepton);
      }
    }
    return Optional.empty();
  }

  /**
   * The first line of the first message in {@code e}'s cause chain (the class name when none has a
   * message), with secret-looking values masked: what a wrapped engine failure says. A wrapper
   * whose message is only its cause's {@code toString()} ({@code new RuntimeException(cause)}) is
   * skipped, so no JDK class name leads the text.
   */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (next(t) != null
        && (t.getMessage() == null || t.getMessage().equals(next(t).toString()))) {
      t = next(t);
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return Redactor.redactMessage(firstLine(m));
  }

  /**
   * What a user reads about {@code e} in one paragraph: a Lepton error's own message (already
   * complete), else {@link #rootMessage}; secrets masked either way. For the runs table, reports
   * and a pipeline step's failure.
   */
  public static String describe(Throwable e) {
    if (e instanceof LeptonException) {
      return Redactor.redactMessage(String.valueOf(e.getMessage()));
    }
    return rootMessage(e);
  }

  /**
   * The deepest cause's class and the first line of its message, every one of {@code secrets} (and
   * anything secret-looking) masked, e.g. {@code "ConnectException: Connection refused"}: for SDK
   * failures whose outer message says little.
   */
  public static String rootCause(Throwable e, List<String> secrets) {
    Throwable t = e;
    while (next(t) != null) {
      t = next(t);
    }
    String m = t.getMessage() == null ? "" : ": " + clean(t.getMessage(), secrets);
    return t.getClass().getSimpleName() + m;
  }

  /**
   * The first line of {@code text} with every one of {@code secrets} and secret-looking value
   * masked.
   */
  public static String clean(String text, List<String> secrets) {
    String t = firstLine(text);
    for (String s : secrets) {
      if (s.length() >= 4) {
        t = t.replace(s, Redactor.MASK);
      }
    }
    return Redactor.redactMessage(t);
  }

  /** The first non-blank line of {@code text}, stripped; empty for null. */
  public static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    return text.lines().filter(l -> !l.isBlank()).findFirst().orElse(text).strip();
  }

  private static Throwable next(Throwable t) {
    Throwable c = t.getCause();
    return c == t ? null : c;
  }

  private static String stripPeriod(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
