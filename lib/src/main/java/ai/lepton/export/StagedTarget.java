package ai.lepton.export;

import java.util.List;
import java.util.Map;

/**
 * A target's files built locally and ready to publish.
 *
 * @param target the target
 * @param files path under the version folder to the local file, sorted
 * @param artifact the path (under the version folder) a serving system is pointed at
 * @param notes what the user must still do for this target, e.g. set an execution role
 */
record StagedTarget(
    ExportTarget target,
    Map<String, java.nio.file.Path> files,
    String artifact,
    List<String> notes) {}
