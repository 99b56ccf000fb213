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
 * The README's and the guides' ({@code docs/*.md}) examples as a user would copy them: every {@code
 * ./bin/lepton} command parses (command, options, {@code --set} keys), every HOCON example parses
 * and uses only keys {@code reference.conf} knows, and every relative link points at a file (and
 * heading) that exists. Offline: nothing is run.
 */
class ReadmeTest {

  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
  private static final Pattern INLINE = Pattern.compile("`(\\./bin/lepton [^`]+)`");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

  @Test
  void everyLeptonCommandParses() throws IOException {
    List<String> commands = new ArrayList<>();
    for (Path doc : docs()) {
      for (String command : commands(Files.readString(doc))) {
        commands.add(doc.getFileName() + ": " + command);
      }
    }
    assertThat(commands).hasSizeGreaterThan(30);
    List<String> failures = new ArrayList<>();
    for (String command : commands) {
      List<String> args = words(command.substring(command.indexOf(": ") + 2));
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
    assertThat(failures).as("commands in the README and docs/ that do not parse").isEmpty();
  }

  @Test
  void everyHoconExampleParsesWithKnownKeys() throws IOException {
    List<String> blocks = new ArrayList<>();
    for (Path doc : docs()) {
      Matcher m = FENCE.matcher(Files.readString(doc));
      while (m.find()) {
        if (m.group(1).equals("hocon")) {
          blocks.add(doc.getFileName() + ": " + m.group(2));
        }
      }
    }
    assertThat(blocks).hasSizeGreaterThan(10);
    List<String> failures = new ArrayList<>();
    for (String block : blocks) {
      try {
        validate(ConfigFactory.parseString(block.substring(block.indexOf(": ") + 2)));
      } catch (RuntimeException e) {
        failures.add(block.lines().findFirst().orElse("") + " ...\n    -> " + e.getMessage());
      }
    }
    assertThat(failures)
        .as("HOCON examples in the README and docs/ that are not valid config")
        .isEmpty();
  }

  @Test
  void everyRelativeLinkPointsAtAnExistingFileAndHeading() throws IOException {
    List<String> failures = new ArrayList<>();
    int links = 0;
    for (Path doc : docs()) {
      String text = FENCE.matcher(Files.readString(doc)).replaceAll("");
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String problem = brokenLink(doc, m.group(1));
        links++;
        if (problem != null) {
          failures.add(doc.getFileName() + ": " + m.group(1) + " -> " + problem);
        }
      }
    }
    assertThat(links).isGreaterThan(30);
    assertThat(failures).as("links in the README and docs/ that lead nowhere").isEmpty();
  }

  @Test
  void everyGuideIsLinkedFromTheReadme() throws IOException {
    Path readme = readme();
    String text = Files.readString(readme);
    List<String> unlinked = new ArrayList<>();
    for (Path doc : docs()) {
      String name = readme.getParent().relativize(doc).toString().replace('\\', '/');
      if (!doc.equals(readme) && !text.contains("](" + name + ")")) {
        unlinked.add(name);
      }
    }
    assertThat(unlinked).as("guides in docs/ the README does not link to").isEmpty();
  }

  @Test
  void aMisspelledKeyOrOptionIsCaught() throws IOException {
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
    Path readme = Path.of("README.md").toAbsolutePath();
    assertThat(anchors("## What it does\n### Watching a model for drift: `lepton monitor`\n"))
        .containsExactly("what-it-does", "watching-a-model-for-drift-lepton-monitor");
    assertThat(brokenLink(readme, "docs/no-such-guide.md")).contains("no such file");
    assertThat(brokenLink(readme(), "#no-such-heading")).contains("no heading with anchor");
    assertThat(brokenLink(readme(), "#set-up")).isNull();
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

  /**
   * Why a relative link from {@code doc} leads nowhere, or null when it reaches an existing file
   * (and, for {@code file.md#anchor} or {@code #anchor}, a heading with that GitHub anchor).
   * Absolute URLs are not checked: the test runs offline.
   */
  static String brokenLink(Path doc, String link) throws IOException {
    if (link.matches("^[a-z][a-z0-9+.-]*:.*")) {
      return null;
    }
    int hash = link.indexOf('#');
    String file = hash < 0 ? link : link.substring(0, hash);
    Path target = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
    if (!Files.exists(target)) {
      return "no such file " + target;
    }
    if (hash < 0) {
      return null;
    }
    if (!Files.isRegularFile(target)) {
      return "an anchor on a folder";
    }
    String anchor = link.substring(hash + 1);
    return anchors(Files.readString(target)).contains(anchor)
        ? null
        : "no heading with anchor #" + anchor + " in " + target.getFileName();
  }

  /** GitHub's anchors of a Markdown text's headings (outside code blocks). */
  static List<String> anchors(String markdown) {
    List<String> out = new ArrayList<>();
    Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
    while (m.find()) {
      out.add(
          m.group(1)
              .strip()
              .toLowerCase(java.util.Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N} _-]", "")
              .replace(' ', '-'));
    }
    return out;
  }

  /** README.md and every guide under docs/. */
  private static List<Path> docs() throws IOException {
    Path readme = readme();
    List<Path> out = new ArrayList<>(List.of(readme));
    try (var guides = Files.list(readme.getParent().resolve("docs"))) {
      guides.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    assertThat(out).hasSizeGreaterThan(10);
    return out;
  }

  private static Path readme() throws IOException {
    for (Path p : List.of(Path.of("../README.md"), Path.of("README.md"))) {
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IOException("README.md not found from " + Path.of("").toAbsolutePath());
  }
}
