package ai.lepton.reconcile;

/**
 * Whether a run may reconcile only the changed keys ({@link ChangedKeysRun}): only when the last
 * completed run's result, carried with the changed keys' part replaced, is the result a full read
 * would give.
 */
final class ChangedKeysCheck {

  private ChangedKeysCheck() {}

  /**
   * Why a run with inputs {@code in} must reconcile every key, in words; null when it can reconcile
   * only the changed keys. {@code goldenVersion}: the golden table's latest version; {@code state}:
   * the state {@code in} was read from.
   */
  static String refusal(
      CompletedRun last,
      String settings,
      ReconcileInputs in,
      long goldenVersion,
      SourceState state) {
    if (last == null) {
      return "no completed run is recorded in the state";
    }
    if (!settings.equals(last.settings())) {
      return "the settings changed since run " + last.result().runId();
    }
    if (last.result().golden().skippedAsRetry()) {
      return "run " + last.result().runId() + "'s golden write was skipped as a retry";
    }
    if (goldenVersion != last.goldenVersion()) {
      return "the golden table is at version "
          + goldenVersion
          + ", not "
          + last.goldenVersion()
          + " as run "
          + last.result().runId()
          + " left it";
    }
    long changed = 0;
    long total = 0;
    for (IncrementalReader.Read r : in.reads()) {
      if (r.changes() == null) {
        return r.parsed().spec().name() + " was read in full";
      }
      long gone = r.changes().goneBytes();
      changed += r.stats().bytesRead() + gone;
      total += r.stats().bytesRead() + r.stats().bytesSkipped() + gone;
    }
    if (in.reads().stream().allMatch(r -> r.changes().none())) {
      return "no file with rows changed";
    }
    for (IncrementalReader.Read r : in.reads()) {
      String source = r.parsed().spec().name();
      Long recorded = last.snapshots() == null ? null : last.snapshots().get(source);
      if (recorded == null || recorded != state.snapshotVersion(source)) {
        return "the state's rows of "
            + source
            + " are not those run "
            + last.result().runId()
            + " recorded (a run stopped after writing them)";
      }
    }
    if (!in.schema().equals(last.result().schema())
        || last.result().sources().size() != in.reads().size()) {
      return "the sources' columns changed since run " + last.result().runId();
    }
    if (changed * 2 > total) {
      // then most keys change: matching them twice costs more than matching every key once
      return String.format(
          "%,d of the sources' %,d bytes changed or went away, more than half", changed, total);
    }
    return null;
  }
}
