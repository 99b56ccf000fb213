package ai.lepton.testing;

import ai.lepton.internal.LocalFiles;
import ai.lepton.storage.emulator.EmulatorHome;
import ai.lepton.storage.emulator.Emulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the local S3 (s3proxy) and Azure (Azurite) servers:
 * {@code @ExtendWith(EmulatorsExtension.class)}, then take an {@link Emulators} parameter or call
 * {@link #emulators()}. One set of servers serves every test class in the JVM; each starts on first
 * use and stops when the test run ends (or, should the JVM be killed, by itself).
 */
public final class EmulatorsExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmulatorsExtension.class);

  private static Shared shared;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("emulators", k -> start(), Shared.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Emulators.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    beforeAll(context);
    return emulators();
  }

  /** The shared servers (after the extension ran for the test class). */
  public static synchronized Emulators emulators() {
    if (shared == null) {
      throw new IllegalStateException(
          "Annotate the test with @ExtendWith(EmulatorsExtension.class)");
    }
    return shared.emulators;
  }

  private static synchronized Shared start() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("lepton-emulators-");
        Emulators e = Emulators.attached(EmulatorHome.locate(), dir, System.err::println);
        shared = new Shared(e, dir);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return shared;
  }

  /** Stops the servers and removes their data when the whole test run ends. */
  static final class Shared implements ExtensionContext.Store.CloseableResource {
    final Emulators emulators;
    final Path dir;

    Shared(Emulators emulators, Path dir) {
      this.emulators = emulators;
      this.dir = dir;
    }

    @Override
    public void close() throws IOException {
      emulators.close();
      synchronized (EmulatorsExtension.class) {
        shared = null;
      }
      LocalFiles.deleteTree(dir);
    }
  }
}
