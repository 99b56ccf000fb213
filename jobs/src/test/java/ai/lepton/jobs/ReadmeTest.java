package ai.lepton.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.config.LeptonConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's examples as a user would copy them: every {@code ./bin/lepton} command parses
 * (command, options, {@code --set} keys), and every HOCON example parses and uses only keys {@code
 * reference.conf} knows. Offline: nothing is run.
 */
class ReadmeTest {

  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
  private static final Pattern INLINE = Pattern.compile("`(\\./bin/lepton [^`]+)`");

  @Test
  void everyLeptonCommandParses() throws IOException {
    List<String> commands = commands(readme());
    assertThat(commands).hasSizeGreaterThan(20);
    List<String> failures = new ArrayList<>();
    for (String command : commands) {
      List<String> args = words(command);
      args.remove(0); // ./bin/lepton
      try {
        new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
          if (args.get(i).equals("--set")) {
            sets.add(args.get(i + 1));
          }
        }
        LeptonConfig.load(List.of(), sets);
      } catch (RuntimeException e) {
        failures.add(command + "\n    -> " + e.getMessage());
      }
    }
    assertThat(failures).as("README commands that do not parse").isEmpty();
  }

  @Test
  void everyHoconExampleParsesWithKnownKeys() throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher m = FENCE.matcher(readme());
    while (m.find()) {
      if (m.group(1).equals("hocon")) {
        blocks.add(m.group(2));
      }
    }
    assertThat(blocks).hasSizeGreaterThan(5);
    List<String> failures = new ArrayList<>();
    for (String block : blocks) {
      try {
        validate(ConfigFactory.parseString(block));
      } catch (RuntimeException e) {
        failures.add(block.lines().findFirst().orElse("") + " ...\n    -> " + e.getMessage());
      }
    }
    assertThat(failures).as("README HOCON examples that are not valid config").isEmpty();
  }

  @Test
  void aMisspelledKeyOrOptionIsCaught() {
    // The checks above must be able to fail.
    assertThat(words("./bin/lepton reconcile -c 'a b.conf' --set x=1 # comment"))
        .containsExactly("./bin/lepton", "reconcile", "-c", "a b.conf", "--set", "x=1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new CommandLine(new Main()).parseArgs("reconcile", "--dryrun"))
        .isInstanceOf(CommandLine.ParameterException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                validate(ConfigFactory.parseString("tolerance { balance = 0.1 }\nmax-confict = 3")))
        .hasMessageContaining("max-confict");
  }

  /**
   * A block rooted at {@code lepton} is checked as it is; a fragment (e.g. {@code tolerance {...}}
   * shown on its own) is valid when it is valid under one of {@code reference.conf}'s sections.
   */
  private static void validate(Config block) {
    if (block.root().containsKey("lepton") || block.root().isEmpty()) {
      LeptonConfig.of(block);
      return;
    }
    RuntimeException first = null;
    for (String section : ConfigFactory.defaultReference().getConfig("lepton").root().keySet()) {
      try {
        LeptonConfig.of(block.atPath("lepton." + section));
        return;
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    throw first;
  }

  /** Commands in code blocks (not Java, JSON or HOCON) and inline code, without usage synopses. */
  private static List<String> commands(String readme) {
    List<String> out = new ArrayList<>();
    Matcher m = FENCE.matcher(readme);
    while (m.find()) {
      if (List.of("java", "json", "hocon").contains(m.group(1))) {
        continue;
      }
      String body = m.group(2).replace("\\\n", " ");
      for (String line : body.split("\n")) {
        String l = line.strip();
        l = l.startsWith("$ ") ? l.substring(2) : l;
        if (l.startsWith("./bin/lepton ")) {
          out.add(l);
        }
      }
    }
    Matcher inline = INLINE.matcher(readme);
    while (inline.find()) {
      String c = inline.group(1);
      if (!c.contains("[") && !c.contains("...") && !c.contains("…")) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * Shell words of one command line, as far as the README uses them: quotes, a trailing comment,
   * and the command ending at a pipe, redirection or {@code &&}.
   */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        word = word == null ? new StringBuilder() : word;
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else if (word == null && (c == '#' || c == '|' || c == '>' || c == '&' || c == ';')) {
        break;
      } else if (word == null && c == '2' && line.startsWith("2>", i)) {
        break;
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out;
  }

  private static String readme() throws IOException {
    for (Path p : List.of(Path.of("../README.md"), Path.of("README.md"))) {
      if (Files.isRegularFile(p)) {
        return Files.readString(p);
      }
    }
    throw new IOException("README.md not found from " + Path.of("").toAbsolutePath());
  }
}
