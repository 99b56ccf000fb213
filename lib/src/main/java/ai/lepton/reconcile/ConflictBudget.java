package ai.lepton.reconcile;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The discrepancy budgets: {@code lepton.reconcile.max-conflicts} (conflicting keys, -1 for no
 * limit) and {@code lepton.reconcile.max-conflict-ratio} (conflicting keys / keys). A run above
 * either stops before it writes anything. Reconcile checks them as soon as it knows the number of
 * conflicting keys: right after matching keys when no tolerance applies (keys whose copies hash
 * differently are then exactly the conflicting ones), else after the column-by-column compare.
 */
record ConflictBudget(long maxConflicts, double maxConflictRatio) {

  static final String MAX_CONFLICTS = ReconcileConfig.PREFIX + ".max-conflicts";
  static final String MAX_RATIO = ReconcileConfig.PREFIX + ".max-conflict-ratio";

  /** The stage after matching keys, when no tolerance applies. */
  static final String AFTER_KEYS = "keys";

  /** The stage after the column-by-column compare. */
  static final String AFTER_COMPARE = "columns";

  static ConflictBudget of(ReconcileConfig rc) {
    return new ConflictBudget(rc.maxConflicts(), rc.maxConflictRatio());
  }

  /**
   * Judges {@code conflicts} of {@code keys} keys, counted at {@code stage}; {@code goldenVersion}
   * gives the version a stopped run leaves the golden table at (-1: no table), for the message.
   */
  ReconcileResult.Gate check(long keys, long conflicts, String stage, LongSupplier goldenVersion) {
    double ratio = keys == 0 ? 0 : (double) conflicts / keys;
    String exceeded = null;
    String why = null;
    if (maxConflicts >= 0 && conflicts > maxConflicts) {
      exceeded = MAX_CONFLICTS;
      why =
          String.format(
              Locale.ROOT,
              "%,d keys conflict, the limit is %,d: %,d over",
              conflicts,
              maxConflicts,
              conflicts - maxConflicts);
    } else if (ratio > maxConflictRatio) {
      long allowed = (long) Math.floor(maxConflictRatio * keys);
      exceeded = MAX_RATIO;
      why =
          String.format(
              Locale.ROOT,
              "%,d of %,d keys conflict (ratio %.4f), the limit is %s: %.4f over, %,d keys more"
                  + " than the %,d allowed",
              conflicts,
              keys,
              ratio,
              maxConflictRatio,
              ratio - maxConflictRatio,
              conflicts - allowed,
              allowed);
    }
    String message =
        exceeded == null ? null : message(exceeded, why, stage, goldenVersion.getAsLong());
    return new ReconcileResult.Gate(
        maxConflictRatio,
        ratio,
        maxConflicts,
        conflicts,
        exceeded == null,
        exceeded,
        stage,
        message);
  }

  private static String message(String key, String why, String stage, long goldenVersion) {
    String when =
        AFTER_KEYS.equals(stage)
            ? "after matching keys (no tolerance applies, so keys whose copies differ are the"
                + " conflicts), before comparing columns"
            : "after comparing columns";
    String golden =
        goldenVersion < 0
            ? "no golden table created"
            : "golden table left at version " + goldenVersion;
    return "Budget "
        + key
        + " exceeded: "
        + why
        + ". The run stopped "
        + when
        + " and wrote nothing: "
        + golden
        + ", no discrepancy or quarantine rows, incremental state not advanced (a re-run reads"
        + " the same files). Fix the sources, or raise "
        + key
        + " (e.g. --set "
        + key
        + "=...) to let the run through; --dry-run with a raised budget shows the conflicts"
        + " without writing.";
  }
}
