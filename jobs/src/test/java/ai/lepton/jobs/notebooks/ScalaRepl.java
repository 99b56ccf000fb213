package ai.lepton.jobs.notebooks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Console$;
import scala.Option;
import scala.collection.JavaConverters;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;

/**
 * The Scala 2.12 interpreter as Zeppelin's Spark interpreter sets it up: class-based wrappers whose
 * classes go to the directory Spark serves to executors ({@code spark.repl.class.outputDir}), the
 * test's classpath, and {@code spark} and {@code sc} bound with {@code @transient}. One per
 * SparkContext: a second one would reuse the first one's class names.
 */
final class ScalaRepl implements AutoCloseable {

  /** What a paragraph printed, and whether it ran. */
  record Outcome(boolean succeeded, String output) {}

  private final IMain imain;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final PrintWriter writer =
      new PrintWriter(new java.io.OutputStreamWriter(buffer, StandardCharsets.UTF_8), true);
  private final PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);

  private ScalaRepl(Path classOutputDir) {
    Settings settings = new Settings();
    settings.processArgumentString(
        "-Yrepl-class-based -Yrepl-outdir " + classOutputDir + " -usejavacp");
    imain = new IMain(settings, writer);
    imain.initializeSynchronous();
  }

  /**
   * Starts an interpreter writing classes to {@code classOutputDir} (the session's {@code
   * spark.repl.class.outputDir}) with {@code spark}, {@code sc} and the imports Zeppelin adds.
   */
  static ScalaRepl start(SparkSession spark, Path classOutputDir) {
    ScalaRepl repl = new ScalaRepl(classOutputDir);
    repl.bind("spark", SparkSession.class.getName(), spark);
    repl.bind("sc", SparkContext.class.getName(), spark.sparkContext());
    Outcome imports =
        repl.run(
            "import spark.implicits._\nimport spark.sql\nimport org.apache.spark.sql.functions._");
    if (!imports.succeeded()) {
      throw new IllegalStateException("Cannot import Spark's implicits: " + imports.output());
    }
    return repl;
  }

  private void bind(String name, String type, Object value) {
    scala.collection.immutable.List<String> modifiers =
        JavaConverters.asScalaBuffer(List.of("@transient")).toList();
    Results.Result result = imain.bind(name, type, value, modifiers);
    if (result != Results.Success$.MODULE$) {
      throw new IllegalStateException("Cannot bind " + name + ": " + drain());
    }
  }

  /** Interprets {@code code} under the interpreter's class loader, capturing what it prints. */
  Outcome run(String code) {
    drain();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(imain.classLoader());
    Results.Result result;
    try {
      result =
          Console$.MODULE$.withOut(
              console, () -> Console$.MODULE$.withErr(console, () -> imain.interpret(code)));
    } finally {
      thread.setContextClassLoader(previous);
    }
    console.flush();
    writer.flush();
    if (result == Results.Success$.MODULE$) {
      return new Outcome(true, drain());
    }
    String output = drain();
    if (result == Results.Incomplete$.MODULE$) {
      return new Outcome(false, output + "\n(incomplete input: the paragraph ends mid-expression)");
    }
    return new Outcome(false, output + lastException());
  }

  private String lastException() {
    Option<Object> last = imain.valueOfTerm("lastException");
    if (last.isEmpty() || !(last.get() instanceof Throwable t)) {
      return "";
    }
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return "\nlastException: " + trace;
  }

  private String drain() {
    writer.flush();
    console.flush();
    String text = buffer.toString(StandardCharsets.UTF_8);
    buffer.reset();
    return text;
  }

  @Override
  public void close() {
    imain.close();
  }
}
