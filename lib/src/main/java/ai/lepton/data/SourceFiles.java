package ai.lepton.data;

import ai.lepton.storage.HadoopFailures;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.StorageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * Lists the data files of a source through the same Hadoop file systems Spark reads with (local,
 * {@code s3a://}, {@code wasb://}, ...), skipping hidden files the way Spark does.
 */
public final class SourceFiles {

  private SourceFiles() {}

  /** The data files under {@code uri} (a file, a folder, or a glob), sorted by path. */
  public static List<SourceFile> list(SparkSession spark, SourceSpec spec) {
    return list(spark, spec, null);
  }

  /**
   * As {@link #list(SparkSession, SourceSpec)}; a storage failure (an unreachable endpoint,
   * rejected credentials) is reported as the {@link StorageException} of {@code stores}' store for
   * the source, naming its endpoint and settings, rather than as a problem of the source's path.
   */
  public static List<SourceFile> list(SparkSession spark, SourceSpec spec, ObjectStores stores) {
    Configuration conf = spark.sessionState().newHadoopConf();
    Path root = new Path(spec.uri());
    try {
      FileSystem fs = root.getFileSystem(conf);
      List<SourceFile> out = new ArrayList<>();
      FileStatus[] matches = fs.globStatus(root);
      if (matches == null || matches.length == 0) {
        throw new FileNotFoundException("no file or folder exists at " + spec.uri());
      }
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
          while (files.hasNext()) {
            LocatedFileStatus f = files.next();
            if (!hidden(match.getPath(), f.getPath())) {
              out.add(of(f));
            }
          }
        } else if (!hidden(match.getPath().getParent(), match.getPath())) {
          out.add(of(match));
        }
      }
      out.sort(Comparator.comparing(SourceFile::path));
      requireData(spec, out);
      return out;
    } catch (IOException e) {
      if (stores != null) {
        Optional<StorageException> storage =
            HadoopFailures.explain(
                stores, "list the files of source '" + spec.name() + "' at", spec.uri(), e);
        if (storage.isPresent()) {
          throw storage.get();
        }
      }
      throw InputErrors.unlistable(spec, e);
    }
  }

  /**
   * Fails, naming the source and its key, when there is nothing to read: no data file, or only
   * empty ones (else Spark's schema inference or the key check would fail with a message that hides
   * the cause).
   */
  static void requireData(SourceSpec spec, List<SourceFile> files) {
    String why;
    if (files.isEmpty()) {
      why =
          "there is no data file there (files and folders whose names start with _ or . are"
              + " skipped)";
    } else if (files.stream().allMatch(f -> f.size() == 0)) {
      why =
          (files.size() == 1 ? "its file " : "each of its " + files.size() + " files, e.g. ")
              + files.get(0).path()
              + ", is empty (0 bytes)";
    } else {
      return;
    }
    throw InputErrors.nothingToRead(spec, why);
  }

  /** The canonical form of a file name as Spark reports it (e.g. {@code input_file_name()}). */
  public static String canonical(String fileName) {
    try {
      return new Path(new URI(fileName)).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return new Path(fileName).toString();
    }
  }

  private static SourceFile of(FileStatus f) {
    String etag = f instanceof EtagSource e && e.getEtag() != null ? e.getEtag() : "";
    return new SourceFile(f.getPath().toString(), f.getLen(), f.getModificationTime(), etag);
  }

  private static boolean hidden(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      String name = p.getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
