package ai.lepton.train;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Models loaded in this JVM (driver or executor), by the SHA-256 of their manifest. */
public final class PredictorCache {

  private static final ConcurrentMap<String, LoadedModel> MODELS = new ConcurrentHashMap<>();

  private PredictorCache() {}

  /** The loaded model of {@code loader}, loading it on first use in this JVM. */
  public static LoadedModel get(ModelLoader loader) {
    return MODELS.computeIfAbsent(loader.id(), id -> loader.load());
  }

  /** How many models this JVM holds (tests). */
  public static int size() {
    return MODELS.size();
  }
}
