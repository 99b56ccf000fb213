package ai.lepton.demo;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** Which injection each key index gets, drawn once from a seeded {@link Random}. */
final class InjectionPlan {

  private final Injection[] byKey;
  private final Map<Injection, Integer> counts;

  private InjectionPlan(Injection[] byKey, Map<Injection, Integer> counts) {
    this.byKey = byKey;
    this.counts = counts;
  }

  /**
   * Shuffles the key indexes and hands out injections in enum order. Each injection covers its
   * fraction of {@code rows}, rounded up, as long as keys remain; the rest get {@link
   * Injection#NONE}.
   */
  static InjectionPlan draw(int rows, Random random) {
    int[] order = shuffledIndexes(rows, random);
    Injection[] byKey = new Injection[rows];
    java.util.Arrays.fill(byKey, Injection.NONE);
    Map<Injection, Integer> counts = new EnumMap<>(Injection.class);
    int next = 0;
    for (Injection injection : Injection.values()) {
      if (injection == Injection.NONE) {
        continue;
      }
      int count = Math.min(injection.countFor(rows), rows - next);
      for (int i = 0; i < count; i++) {
        byKey[order[next++]] = injection;
      }
      counts.put(injection, count);
    }
    counts.put(Injection.NONE, rows - next);
    return new InjectionPlan(byKey, counts);
  }

  Injection of(int key) {
    return byKey[key];
  }

  int count(Injection injection) {
    return counts.get(injection);
  }

  private static int[] shuffledIndexes(int rows, Random random) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }
}
