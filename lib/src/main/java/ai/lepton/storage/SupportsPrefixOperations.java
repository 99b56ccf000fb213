package ai.lepton.storage;

/** A store that can act on every object under a prefix at once. */
public interface SupportsPrefixOperations {

  /**
   * Deletes every object under {@code prefix} (treated as a folder).
   *
   * @return how many objects were deleted
   */
  long deletePrefix(String prefix);
}
