package ai.lepton.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Copies a Delta table to another location, on any file system Spark can write, file by file: data
 * files first, then the log in version order, so a reader of the copy never sees a commit whose
 * files are missing. Files already there with the same size are skipped (Delta never rewrites a
 * file under the same name), every copied file is verified by SHA-256 after writing, and a re-run
 * after a kill completes the copy.
 */
final class TableMirror {

  /** What one mirror run copied. */
  record Copied(long filesCopied, long filesSkipped, long bytesCopied) {}

  private static final String LOG = "_delta_log";
  private static final String LAST_CHECKPOINT = "_last_checkpoint";

  private final Configuration conf;
  private final Consumer<String> progress;

  TableMirror(Configuration conf, Consumer<String> progress) {
    this.conf = conf;
    this.progress = progress;
  }

  Copied copy(String fromUri, String toUri) {
    try {
      Path from = new Path(fromUri);
      Path to = new Path(toUri);
      FileSystem src = from.getFileSystem(conf);
      FileSystem dst = to.getFileSystem(conf);
      List<FileStatus> files = tableFiles(src, from);
      long copied = 0;
      long skipped = 0;
      long bytes = 0;
      for (FileStatus f : files) {
        Path target = new Path(to, relative(from, f.getPath()));
        boolean mutable = f.getPath().getName().equals(LAST_CHECKPOINT);
        if (!mutable && dst.exists(target) && dst.getFileStatus(target).getLen() == f.getLen()) {
          skipped++;
          continue;
        }
        copyVerified(src, f.getPath(), dst, target);
        copied++;
        bytes += f.getLen();
        if (copied % 100 == 0) {
          progress.accept("copied " + copied + " of " + files.size() + " files to " + toUri);
        }
      }
      return new Copied(copied, skipped, bytes);
    } catch (IOException e) {
      throw ReconcileErrors.mirrorFailed(fromUri, toUri, e);
    }
  }

  /** Data files (sorted), then log files in version order, then the checkpoint pointer. */
  private static List<FileStatus> tableFiles(FileSystem fs, Path root) throws IOException {
    List<FileStatus> data = new ArrayList<>();
    List<FileStatus> log = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      LocatedFileStatus f = it.next();
      String rel = relative(root, f.getPath());
      if (rel.startsWith(LOG + "/")) {
        if (!rel.substring(LOG.length() + 1).contains("/") || rel.contains("/_sidecars/")) {
          log.add(f);
        }
      } else if (Arrays.stream(rel.split("/"))
          .noneMatch(p -> p.startsWith("_") || p.startsWith("."))) {
        data.add(f);
      }
    }
    data.sort(Comparator.comparing(f -> f.getPath().toString()));
    log.sort(
        Comparator.comparing((FileStatus f) -> f.getPath().getName().equals(LAST_CHECKPOINT))
            .thenComparing(f -> f.getPath().getName()));
    List<FileStatus> out = new ArrayList<>(data);
    out.addAll(log);
    return out;
  }

  private static void copyVerified(FileSystem src, Path from, FileSystem dst, Path to)
      throws IOException {
    byte[] written;
    try (InputStream in = new DigestInputStream(src.open(from), sha256());
        OutputStream out = dst.create(to, true)) {
      in.transferTo(out);
      written = ((DigestInputStream) in).getMessageDigest().digest();
    }
    byte[] stored;
    try (InputStream in = new DigestInputStream(dst.open(to), sha256())) {
      in.transferTo(OutputStream.nullOutputStream());
      stored = ((DigestInputStream) in).getMessageDigest().digest();
    }
    if (!MessageDigest.isEqual(written, stored)) {
      dst.delete(to, false);
      throw new IOException(
          "the copy of " + from + " at " + to + " does not match its SHA-256 after writing");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Invariant, not user input: every JVM ships SHA-256.
      throw new IllegalStateException(e);
    }
  }

  private static String relative(Path root, Path file) {
    String r = root.toUri().getPath().replaceAll("/+$", "");
    String f = file.toUri().getPath();
    return f.substring(r.length() + 1);
  }
}
