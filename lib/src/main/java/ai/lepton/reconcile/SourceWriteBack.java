package ai.lepton.reconcile;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rewrites a source location with the golden rows, in that source's format and options, so the
 * clouds agree again. Files are staged in a hidden folder, moved in under names tagged with the
 * golden version, the old files are deleted, and a marker records the version: a re-run after a
 * kill resumes where it stopped, and a re-run after success writes nothing.
 */
final class SourceWriteBack {

  static final String MARKER = "_lepton_sync";

  private final SparkSession spark;
  private final Configuration conf;
  private final String zone;

  /**
   * {@code zone}: the zone timestamps are written in (CSV, JSON), unless a source's own {@code
   * timeZone} option says otherwise; the session's time zone is not used.
   */
  SourceWriteBack(SparkSession spark, String zone) {
    this.spark = spark;
    this.conf = spark.sessionState().newHadoopConf();
    this.zone = zone;
  }

  SyncResult.WriteBack write(
      ReconcileConfig.SourceConfig source, Dataset<Row> golden, long goldenVersion) {
    String tag = "lepton-golden-v" + goldenVersion;
    try {
      if (source.format().equals("delta")) {
        return writeDelta(source, golden, tag);
      }
      Path dir = new Path(source.uri());
      FileSystem fs = dir.getFileSystem(conf);
      Path marker = new Path(dir, MARKER);
      if (fs.exists(marker) && read(fs, marker).equals(tag)) {
        return new SyncResult.WriteBack(
            source.name(), source.uri(), source.format(), 0, 0, 0, true);
      }
      Path staging = new Path(dir, "_lepton_staging_" + tag);
      long rows = golden.count();
      if (!fs.exists(new Path(staging, "_SUCCESS"))) {
        golden
            .write()
            .format(source.format())
            .option("timeZone", zone)
            .options(source.options())
            .mode("overwrite")
            .save(staging.toString());
      }
      long written = 0;
      for (FileStatus f : fs.listStatus(staging)) {
        String name = f.getPath().getName();
        if (!name.startsWith("_") && !name.startsWith(".")) {
          Path dest = new Path(dir, tag + "-" + name);
          if (!fs.exists(dest) && !fs.rename(f.getPath(), dest)) {
            throw new IOException("could not move " + f.getPath() + " to " + dest);
          }
          written++;
        }
      }
      written = Math.max(written, countTagged(fs, dir, tag));
      long deleted = deleteOthers(fs, dir, tag);
      fs.delete(staging, true);
      writeMarker(fs, marker, tag);
      return new SyncResult.WriteBack(
          source.name(), source.uri(), source.format(), rows, written, deleted, false);
    } catch (IOException | RuntimeException e) {
      throw ReconcileErrors.writeBackFailed(source.name(), source.uri(), e);
    }
  }

  private SyncResult.WriteBack writeDelta(
      ReconcileConfig.SourceConfig source, Dataset<Row> golden, String tag) {
    if (DeltaTable.isDeltaTable(spark, source.uri())) {
      Row last = DeltaTable.forPath(spark, source.uri()).history(1).first();
      Object meta = last.get(last.fieldIndex("userMetadata"));
      if (tag.equals(meta)) {
        return new SyncResult.WriteBack(
            source.name(), source.uri(), source.format(), 0, 0, 0, true);
      }
    }
    long rows = golden.count();
    golden
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("userMetadata", tag)
        .save(source.uri());
    return new SyncResult.WriteBack(source.name(), source.uri(), "delta", rows, 1, 0, false);
  }

  private static long countTagged(FileSystem fs, Path dir, String tag) throws IOException {
    long n = 0;
    for (FileStatus f : fs.listStatus(dir)) {
      if (f.isFile() && f.getPath().getName().startsWith(tag + "-")) {
        n++;
      }
    }
    return n;
  }

  private static long deleteOthers(FileSystem fs, Path dir, String tag) throws IOException {
    List<Path> doomed = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      Path p = it.next().getPath();
      if (!hidden(dir, p) && !p.getName().startsWith(tag + "-")) {
        doomed.add(p);
      }
    }
    for (Path p : doomed) {
      fs.delete(p, false);
    }
    return doomed.size();
  }

  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private static void writeMarker(FileSystem fs, Path p, String tag) throws IOException {
    try (OutputStream out = fs.create(p, true)) {
      out.write(tag.getBytes(StandardCharsets.UTF_8));
    }
  }
}
