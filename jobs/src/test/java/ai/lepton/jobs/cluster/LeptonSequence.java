package ai.lepton.jobs.cluster;

import ai.lepton.jobs.Main;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several {@code lepton} command lines one after the other in one driver JVM, as a notebook or
 * a scheduler step that calls {@link Main#run} would: {@code LeptonSequence train -c A --then
 * quantize -c B}. Stops at the first command that does not exit as expected (0, or N for a command
 * line that starts with {@code expect-exit=N}) and exits with its code (99 for an unexpected 0).
 * Shipped to the cluster in a jar of its own ({@link #jar}) next to the cluster jar, so that the
 * cluster tests pay for one driver start instead of one per command.
 */
public final class LeptonSequence {

  /** The separator between two command lines. */
  public static final String THEN = "--then";

  /** A command line that starts with {@code expect-exit=N} must exit with N (default 0). */
  public static final String EXPECT_EXIT = "expect-exit=";

  private LeptonSequence() {}

  /** Runs each command line; exits with the first non-zero code, else 0. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    for (List<String> command : split(args)) {
      int expected = Main.OK;
      if (command.get(0).startsWith(EXPECT_EXIT)) {
        expected = Integer.parseInt(command.get(0).substring(EXPECT_EXIT.length()));
        command = command.subList(1, command.size());
      }
      err.println("[sequence] lepton " + String.join(" ", command));
      long start = System.nanoTime();
      int code = Main.run(command.toArray(String[]::new), out, err);
      err.printf("[sequence] exit %d after %.1f s%n", code, (System.nanoTime() - start) / 1e9);
      if (code != expected) {
        err.println("[sequence] expected exit " + expected + ": stopping");
        System.exit(code == Main.OK ? 99 : code);
      }
    }
    System.exit(Main.OK);
  }

  /** {@code args} split at {@link #THEN}. */
  static List<List<String>> split(String[] args) {
    List<List<String>> commands = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String a : Arrays.asList(args)) {
      if (a.equals(THEN)) {
        commands.add(current);
        current = new ArrayList<>();
      } else {
        current.add(a);
      }
    }
    commands.add(current);
    return commands;
  }

  /** {@code args} joined with {@link #THEN}. */
  static List<String> join(List<List<String>> commands) {
    List<String> out = new ArrayList<>();
    for (List<String> c : commands) {
      if (!out.isEmpty()) {
        out.add(THEN);
      }
      out.addAll(c);
    }
    return out;
  }

  /** Writes a jar holding only this class into {@code dir} and returns it. */
  static java.nio.file.Path jar(java.nio.file.Path dir) {
    String entry = LeptonSequence.class.getName().replace('.', '/') + ".class";
    java.nio.file.Path jar = dir.resolve("lepton-sequence.jar");
    try (var in = LeptonSequence.class.getResourceAsStream("LeptonSequence.class");
        var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
      return jar;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
