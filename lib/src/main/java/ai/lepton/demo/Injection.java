package ai.lepton.demo;

/**
 * What, if anything, was done to one key's rows; each key gets at most one injection. Keys are
 * handed out in declaration order, so small datasets get conflicts and missing keys first.
 */
enum Injection {
  /** Identical in both clouds. */
  NONE(0),
  /** Different balance and update time; the azure copy is the later one. */
  CONFLICT_AZURE_LATER(5),
  /** Different balance and update time; the aws copy is the later one. */
  CONFLICT_AWS_LATER(5),
  /** Only in aws. */
  AWS_ONLY(5),
  /** Only in azure. */
  AZURE_ONLY(5),
  /** Twice in aws: the true row and an older one that must lose dedupe. */
  DUPLICATE(2),
  /** Identical after trimming and case-folding e-mail and country (aws copy is noisy). */
  NOISE(20);

  private final int perMille;

  Injection(int perMille) {
    this.perMille = perMille;
  }

  /** How many of {@code rows} keys get this injection: the fraction rounded up. */
  int countFor(int rows) {
    return (int) (((long) rows * perMille + 999) / 1000);
  }
}
