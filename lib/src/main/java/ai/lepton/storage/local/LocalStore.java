package ai.lepton.storage.local;

import ai.lepton.storage.Location;
import ai.lepton.storage.ObjectInfo;
import ai.lepton.storage.ObjectOutput;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StorageException.Reason;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.StoreType;
import ai.lepton.storage.internal.BaseObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local file system. Writes go to a hidden temporary file beside the target and are moved into
 * place when closed, so readers never see half an object; ETags are synthetic (modification time
 * and size).
 */
public final class LocalStore extends BaseObjectStore {

  private static final long serialVersionUID = 1L;

  /** A store with these settings. */
  public LocalStore(StoreConfig config) {
    super(config, StoreType.LOCAL);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    Path dir = path(prefix);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String scheme = prefix.regionMatches(true, 0, "file:", 0, 5) ? "file:" : "";
    List<ObjectInfo> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          out.add(info(scheme + p, a));
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw failure("list", prefix, e);
    }
    return sorted(out);
  }

  @Override
  public Optional<ObjectInfo> stat(String uri) {
    Path p = path(uri);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile() ? Optional.of(info(uri, a)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("look up", uri, e);
    }
  }

  @Override
  public InputStream open(String uri, long offset, long length) {
    Path p = path(uri);
    try {
      SeekableByteChannel channel = Files.newByteChannel(p);
      channel.position(Math.max(0, offset));
      InputStream in = Channels.newInputStream(channel);
      if (length >= 0) {
        in = new BoundedInputStream(in, length);
      }
      return reading(uri, in);
    } catch (IOException e) {
      throw failure("read", uri, e);
    }
  }

  @Override
  public ObjectOutput create(String uri) {
    Path target = path(uri);
    try {
      Files.createDirectories(target.getParent());
      return new LocalOutput(this, config, uri, target);
    } catch (IOException e) {
      throw failure("write", uri, e);
    }
  }

  @Override
  public ObjectInfo copy(String source, String target) {
    Path to = path(target);
    try {
      Files.createDirectories(to.getParent());
      Files.copy(path(source), to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw failure("copy", source, e);
    }
    return stat(target).orElseThrow();
  }

  @Override
  public void delete(String uri) {
    try {
      Files.deleteIfExists(path(uri));
    } catch (IOException e) {
      throw failure("delete", uri, e);
    }
  }

  @Override
  public long deletePrefix(String prefix) {
    Path dir = path(prefix);
    if (!Files.exists(dir)) {
      return 0;
    }
    long files = 0;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isRegularFile(p)) {
          files++;
        }
        Files.delete(p);
      }
    } catch (IOException e) {
      throw failure("delete", prefix, e);
    }
    return files;
  }

  @Override
  public boolean bucketExists(String uri) {
    return Files.isDirectory(path(uri));
  }

  @Override
  public void createBucket(String uri) {
    try {
      Files.createDirectories(path(uri));
    } catch (IOException e) {
      throw failure("create folder", uri, e);
    }
  }

  @Override
  public void deleteBucket(String uri) {
    deletePrefix(uri);
  }

  @Override
  protected StorageException explain(String operation, String uri, Exception e) {
    Reason reason;
    String why;
    String fix;
    if (e instanceof NoSuchFileException) {
      reason = Reason.NOT_FOUND;
      why = "no such file or folder";
      fix = "Check the path.";
    } else if (e instanceof AccessDeniedException) {
      reason = Reason.ACCESS_DENIED;
      why = "permission denied";
      fix = "Check the file's permissions.";
    } else if (e instanceof FileAlreadyExistsException) {
      reason = Reason.INVALID;
      why = "a file is in the way";
      fix = "Remove it or choose another path.";
    } else {
      return StorageException.of(this, operation, uri, String.valueOf(e.getMessage()), e);
    }
    return StorageException.create(
        reason, name(), operation, uri, why + ": " + e.getMessage(), fix, e);
  }

  static Path path(String uri) {
    return Path.of(Location.parse(uri).key());
  }

  private static ObjectInfo info(String uri, BasicFileAttributes a) {
    long mtime = a.lastModifiedTime().toMillis();
    String etag = Long.toHexString(mtime) + "-" + Long.toHexString(a.size());
    return new ObjectInfo(uri, a.size(), etag, null, a.lastModifiedTime().toInstant());
  }
}
