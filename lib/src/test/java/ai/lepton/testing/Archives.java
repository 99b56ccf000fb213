package ai.lepton.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads model.tar.gz archives back in tests. */
public final class Archives {

  private Archives() {}

  /** Entry name to content, in archive order. */
  public static Map<String, byte[]> unpack(InputStream in) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextTarEntry()) != null) {
        out.put(e.getName(), tar.readAllBytes());
      }
    }
    return out;
  }
}
