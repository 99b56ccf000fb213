package ai.lepton.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes {@code .tar.gz} archives byte for byte reproducibly: entries sorted by name, fixed owner,
 * mode and time, gzip header without a time. The same files give the same archive and SHA-256, so
 * re-exporting an unchanged model finds the archive already published.
 */
final class TarGz {

  private TarGz() {}

  /** Writes {@code entries} (archive name to local file) to {@code archive}. */
  static void write(Path archive, Map<String, Path> entries, long modifiedMillis) {
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive));
        GZIPOutputStream gzip = new GZIPOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, Path> e : new TreeMap<>(entries).entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(Files.size(e.getValue()));
        entry.setMode(0100644);
        entry.setModTime(new Date(modifiedMillis));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        tar.putArchiveEntry(entry);
        Files.copy(e.getValue(), tar);
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw ExportErrors.staging("write " + archive, e);
    }
  }
}
