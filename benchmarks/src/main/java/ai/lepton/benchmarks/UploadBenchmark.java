package ai.lepton.benchmarks;

import ai.lepton.config.LeptonConfig;
import ai.lepton.storage.ObjectStore;
import ai.lepton.storage.ObjectStores;
import ai.lepton.storage.SupportsBuckets;
import ai.lepton.storage.WriteResult;
import ai.lepton.storage.emulator.EmulatorHome;
import ai.lepton.storage.emulator.Emulators;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Uploads one large file to s3proxy and to Azurite, in parallel parts and in a single streamed
 * request, and records throughput and peak heap of each. Run it with a small heap (-Xmx256m) so a
 * write that buffered the file would fail instead of passing quietly.
 *
 * <pre>
 * mvn -B -pl benchmarks -am package -DskipTests
 * java -Xmx256m -cp 'benchmarks/target/*:benchmarks/target/lib/*' \
 *   ai.lepton.benchmarks.UploadBenchmark [--size-mib 1024] [--reps 1] [--out benchmarks/results]
 * </pre>
 */
public final class UploadBenchmark {

  private static final long MIB = 1024 * 1024;
  private static final String BUCKET = "bench";

  private UploadBenchmark() {}

  /** One measured upload. */
  record Run(
      String target,
      String mode,
      int rep,
      long bytes,
      double seconds,
      long peakHeap,
      long peakLiveHeap,
      long baseHeap,
      int parts,
      String verification) {

    double mibPerSecond() {
      return bytes / (double) MIB / seconds;
    }
  }

  /** The command line; see the class comment. */
  @Command(name = "UploadBenchmark", mixinStandardHelpOptions = true)
  static final class Flags {
    @Option(names = "--size-mib", description = "file size in MiB (default 1024)")
    long sizeMib = 1024;

    @Option(names = "--reps", description = "repetitions (default 1)")
    int reps = 1;

    @Option(names = "--out", description = "results folder (default benchmarks/results)")
    Path out = Path.of("benchmarks/results");
  }

  /** Runs the benchmark; see the class comment for arguments. */
  public static void main(String[] args) throws Exception {
    Flags flags = BenchmarkFlags.parse(new Flags(), args);
    long sizeMib = flags.sizeMib;
    int reps = flags.reps;
    Path out = flags.out;
    Path work = Files.createTempDirectory("lepton-upload-bench-");
    Path file = work.resolve("payload.bin");
    System.err.printf(Locale.ROOT, "[bench] writing a %d MiB file %s%n", sizeMib, file);
    writePayload(file, sizeMib * MIB);
    String loadBefore = loadAverage();
    List<Run> runs = new ArrayList<>();
    try (Emulators emulators =
        Emulators.attached(EmulatorHome.locate(), work.resolve("emulators"), System.err::println)) {
      LeptonConfig config = LeptonConfig.parse(storesConfig(emulators));
      try (ObjectStores stores = ObjectStores.from(config)) {
        warmUp(stores, work);
        for (int rep = 1; rep <= reps; rep++) {
          for (String target : List.of("s3proxy", "azurite")) {
            runs.add(measure(stores, target, "multipart", rep, file));
            runs.add(measure(stores, target, "single-request", rep, file));
            runs.add(measure(stores, target, "multipart+verify", rep, file));
          }
        }
      }
    } finally {
      Files.deleteIfExists(file);
    }
    String report = Report.markdown(runs, sizeMib, loadBefore, loadAverage(), args);
    Files.createDirectories(out);
    Files.writeString(out.resolve("multipart-upload.md"), report);
    Files.writeString(out.resolve("multipart-upload.json"), Report.json(runs, sizeMib, args));
    System.out.print(report);
  }

  /** Runs every mode once on a small file so the JIT and connections are warm. */
  private static void warmUp(ObjectStores stores, Path work)
      throws IOException, InterruptedException {
    Path small = work.resolve("warm-up.bin");
    writePayload(small, 48 * MIB);
    for (String target : List.of("s3proxy", "azurite")) {
      for (String mode : List.of("multipart", "single-request", "multipart+verify")) {
        measure(stores, target, mode, 0, small);
      }
    }
    Files.delete(small);
  }

  private static Run measure(ObjectStores stores, String target, String mode, int rep, Path file)
      throws IOException, InterruptedException {
    String storeName = target + "-" + mode;
    ObjectStore store = stores.named(storeName);
    String uri = uri(target, mode);
    ((SupportsBuckets) store).createBucket(uri);
    long size = Files.size(file);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    Thread.sleep(300);
    long base = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peak = new AtomicLong(base);
    AtomicBoolean running = new AtomicBoolean(true);
    LiveHeap live = LiveHeap.start();
    Thread sampler =
        new Thread(
            () -> {
              while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
    System.err.printf(Locale.ROOT, "[bench] %s %s (rep %d) ...%n", target, mode, rep);
    long t0 = System.nanoTime();
    WriteResult r;
    try (InputStream in = Files.newInputStream(file)) {
      r = store.write(uri, in, size);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    running.set(false);
    sampler.join();
    long peakLive = live.stop();
    store.delete(uri);
    Run run =
        new Run(
            target,
            mode,
            rep,
            size,
            seconds,
            peak.get(),
            peakLive,
            base,
            r.parts(),
            r.verification().name());
    System.err.printf(
        Locale.ROOT,
        "[bench] %s %s: %.1f MiB/s, %d parts, peak heap %d MiB, live after GC %d MiB%n",
        target,
        mode,
        run.mibPerSecond(),
        run.parts(),
        run.peakHeap() / MIB,
        run.peakLiveHeap() / MIB);
    return run;
  }

  private static String uri(String target, String mode) {
    String container = BUCKET + "-" + mode.replace("+", "-");
    return target.equals("s3proxy")
        ? "s3a://" + container + "/payload.bin"
        : "wasb://"
            + container
            + "@"
            + Emulators.AZURE_ACCOUNT
            + ".blob.core.windows.net/payload.bin";
  }

  /** Three stores per emulator, each serving its own bucket or container. */
  static String storesConfig(Emulators emulators) {
    StringBuilder b = new StringBuilder("lepton.stores {\n");
    for (String mode : List.of("multipart", "single-request", "multipart+verify")) {
      String container = BUCKET + "-" + mode.replace("+", "-");
      String tuning = tuning(mode);
      b.append(
          "\"s3proxy-"
              + mode
              + "\" { type = s3, endpoint = \""
              + emulators.s3().endpoint()
              + "\","
              + " path-style-access = true, emulator = true, buckets = [\""
              + container
              + "\"],"
              + " credentials { mode = static, access-key-id = \""
              + Emulators.S3_ACCESS_KEY
              + "\", secret-access-key = \""
              + Emulators.S3_SECRET_KEY
              + "\" }, "
              + tuning
              + " }\n");
      b.append(
          "\"azurite-"
              + mode
              + "\" { type = azure, endpoint = \""
              + emulators.azure().blobEndpoint()
              + "\", account = "
              + Emulators.AZURE_ACCOUNT
              + ", containers = [\""
              + container
              + "\"], emulator = true, "
              + tuning
              + " }\n");
    }
    return b.append("}\n").toString();
  }

  /** Defaults for multipart; one request for single-request; verify-writes as named. */
  private static String tuning(String mode) {
    String verify = mode.endsWith("+verify") ? "auto" : "none";
    String threshold = mode.equals("single-request") ? ", threshold-bytes = 2147483000" : "";
    return "verify-writes = " + verify + ", multipart { parallelism = 4" + threshold + " }";
  }

  private static void writePayload(Path file, long size) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    byte[] block = new byte[(int) (8 * MIB)];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        for (int i = 0; i < block.length; i += 8) {
          long v = random.nextLong();
          for (int k = 0; k < 8; k++) {
            block[i + k] = (byte) (v >>> (8 * k));
          }
        }
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
    }
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  static String now() {
    return Instant.now().toString();
  }
}
