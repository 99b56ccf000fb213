package ai.lepton.jobs;

import ai.lepton.LeptonException;
import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.config.UriCredentials;
import ai.lepton.internal.LocalFiles;
import ai.lepton.storage.ObjectStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The config files of {@code -c}: local paths, or URIs on the stores ({@code s3://}, {@code
 * s3a://}, {@code wasbs://}, {@code abfss://}), as EMR and Databricks users keep them in object
 * storage. A remote file is read through the stores that the local files and {@code --set} define
 * (or, when those do not resolve on their own, the default stores of each scheme with the cloud's
 * default credentials), into a temp folder removed once the config is loaded.
 */
final class ConfigSources {

  private ConfigSources() {}

  /** Loads {@code sources} left to right with {@code overrides} last. */
  static LeptonConfig load(List<String> sources, List<String> overrides) {
    sources.forEach(s -> UriCredentials.refuse("The config file given with -c", s));
    if (sources.stream().noneMatch(ConfigSources::isRemote)) {
      return LeptonConfig.load(sources.stream().map(Path::of).toList(), overrides);
    }
    Path temp;
    try {
      temp = Files.createTempDirectory("lepton-conf-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (ObjectStores stores = ObjectStores.from(storesConfig(sources, overrides))) {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        String source = sources.get(i);
        files.add(
            isRemote(source)
                ? fetch(source, stores, temp.resolve(String.valueOf(i)))
                : Path.of(source));
      }
      return LeptonConfig.load(files, overrides);
    } finally {
      LocalFiles.deleteScratch(temp);
    }
  }

  /** True for a URI with a scheme other than {@code file:}. */
  static boolean isRemote(String source) {
    return source.contains("://") && !source.startsWith("file:");
  }

  private static LeptonConfig storesConfig(List<String> sources, List<String> overrides) {
    List<Path> local = sources.stream().filter(s -> !isRemote(s)).map(Path::of).toList();
    try {
      return LeptonConfig.load(local, overrides);
    } catch (ConfigException e) {
      return LeptonConfig.load(List.of(), List.of());
    }
  }

  private static Path fetch(String uri, ObjectStores stores, Path folder) {
    String name = uri.substring(uri.lastIndexOf('/') + 1);
    Path file = folder.resolve(name.isEmpty() ? "config.conf" : name);
    try (InputStream in = stores.forUri(uri).open(uri)) {
      Files.createDirectories(folder);
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException | LeptonException e) {
      throw new ConfigException(
          "Cannot read config file "
              + uri
              + ": "
              + e.getMessage()
              + ". Check the URI given with -c, and that the store's settings (lepton.stores in an"
              + " earlier -c file or --set) or the cloud's default credentials can read it.",
          e);
    }
  }
}
