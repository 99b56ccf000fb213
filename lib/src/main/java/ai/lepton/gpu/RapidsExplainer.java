package ai.lepton.gpu;

import ai.lepton.LeptonException;
import ai.lepton.errors.Failures;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Asks the RAPIDS Accelerator where a DataFrame's operators would run, through {@code
 * com.nvidia.spark.rapids.ExplainPlan.explainPotentialGpuPlan}, loaded from the RAPIDS jar in a
 * class loader that is a child of Spark's: no plugin, no GPU, and Lepton compiles and runs without
 * the jar. One loader per jar and JVM, kept for the JVM's life: RAPIDS registers its settings with
 * Spark once, and loading the 600 MB jar again for every check would cost seconds.
 */
final class RapidsExplainer {

  private static final Map<Path, RapidsExplainer> LOADED = new ConcurrentHashMap<>();

  static final String EXPLAIN_CLASS = "com.nvidia.spark.rapids.ExplainPlan";

  private final Path jar;
  private final Method explain;

  private RapidsExplainer(Path jar, Method explain) {
    this.jar = jar;
    this.explain = explain;
  }

  /** The explainer of {@code jar}, loading {@code ExplainPlan} from it on first use. */
  public static RapidsExplainer of(Path jar) {
    return LOADED.computeIfAbsent(jar.toAbsolutePath().normalize(), RapidsExplainer::load);
  }

  private static RapidsExplainer load(Path jar) {
    URLClassLoader loader = null;
    try {
      URL url = jar.toUri().toURL();
      loader = new URLClassLoader(new URL[] {url}, Dataset.class.getClassLoader());
      Class<?> c = Class.forName(EXPLAIN_CLASS, true, loader);
      Method m = c.getMethod("explainPotentialGpuPlan", Dataset.class, String.class);
      return new RapidsExplainer(jar, m);
    } catch (ReflectiveOperationException | IOException | LinkageError e) {
      closeQuietly(loader);
      throw new LeptonException(
          "Cannot load "
              + EXPLAIN_CLASS
              + " from "
              + jar
              + ": "
              + (e instanceof ClassNotFoundException || e instanceof NoSuchMethodException
                  ? "it does not contain that class or its explainPotentialGpuPlan method"
                  : Failures.rootMessage(e))
              + ". The file is not the RAPIDS Accelerator jar for Spark 3.5 (Scala 2.12); fetch it"
              + " again with: "
              + RapidsJar.FETCH_COMMAND,
          e);
    }
  }

  /** The explain text for {@code df}: every operator and expression, on GPU or not, and why. */
  public String explain(Dataset<Row> df) {
    try {
      return (String) explain.invoke(null, df, "ALL");
    } catch (InvocationTargetException | IllegalAccessException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw Failures.wrap(
          cause,
          why ->
              "RAPIDS could not explain the plan (jar "
                  + jar
                  + "): "
                  + why
                  + ". Check that the jar is rapids-4-spark_2.12 "
                  + RapidsJar.VERSION
                  + " for Spark 3.5.",
          LeptonException::new);
    }
  }

  private static void closeQuietly(URLClassLoader loader) {
    if (loader == null) {
      return;
    }
    try {
      loader.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
