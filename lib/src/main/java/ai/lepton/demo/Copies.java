package ai.lepton.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Collects the lines of the aws (CSV) and azure (JSON lines) copies, key by key, and what the
 * conflicting keys should resolve to.
 */
final class Copies {

  private final AccountGenerator generator;
  private final List<String> aws = new ArrayList<>();
  private final List<String> awsExtras = new ArrayList<>();
  private final List<String> azure = new ArrayList<>();
  private final Map<String, BigDecimal> latestBalance = new TreeMap<>();
  private final Map<String, BigDecimal> awsBalance = new TreeMap<>();

  Copies(AccountGenerator generator) {
    this.generator = generator;
  }

  /** Adds one key's rows to each copy, altered as {@code injection} says. */
  void add(Account account, Injection injection) {
    switch (injection) {
      case NONE -> both(account, account);
      case NOISE -> both(account.withNoise(generator.noiseVariant()), account);
      case CONFLICT_AZURE_LATER -> conflict(account, generator.conflictingCopy(account, true));
      case CONFLICT_AWS_LATER -> conflict(account, generator.conflictingCopy(account, false));
      case AWS_ONLY -> aws.add(CsvFormat.line(account));
      case AZURE_ONLY -> azure.add(JsonLinesFormat.line(account));
      case DUPLICATE -> {
        both(account, account);
        awsExtras.add(CsvFormat.line(generator.staleCopy(account)));
      }
    }
  }

  /** Adds malformed rows (three accounts per copy) to each copy, besides the keyed rows. */
  void addMalformed(List<Account> awsAccounts, List<Account> azureAccounts) {
    awsExtras.addAll(CsvFormat.malformedLines(awsAccounts));
    azure.addAll(JsonLinesFormat.malformedLines(azureAccounts));
  }

  /** Adds a row whose id is empty to each copy; its other values are valid. */
  void addEmptyKey(Account account) {
    Account keyless = account.withId("");
    awsExtras.add(CsvFormat.line(keyless));
    azure.add(JsonLinesFormat.line(keyless));
  }

  /** The aws lines: keyed rows in id order, with stale and bad rows at random places. */
  List<String> awsLines(Random random) {
    List<String> lines = new ArrayList<>(aws.size() + awsExtras.size());
    lines.addAll(aws);
    for (String extra : awsExtras) {
      lines.add(random.nextInt(lines.size() + 1), extra);
    }
    return lines;
  }

  /** The azure lines, in random order as an unordered export would be. */
  List<String> azureLines(Random random) {
    List<String> lines = new ArrayList<>(azure);
    Collections.shuffle(lines, random);
    return lines;
  }

  Map<String, BigDecimal> latestBalance() {
    return latestBalance;
  }

  Map<String, BigDecimal> awsBalance() {
    return awsBalance;
  }

  private void both(Account awsCopy, Account azureCopy) {
    aws.add(CsvFormat.line(awsCopy));
    azure.add(JsonLinesFormat.line(azureCopy));
  }

  private void conflict(Account awsCopy, Account azureCopy) {
    both(awsCopy, azureCopy);
    boolean azureLater = azureCopy.updatedAt().isAfter(awsCopy.updatedAt());
    latestBalance.put(awsCopy.id(), (azureLater ? azureCopy : awsCopy).balance());
    awsBalance.put(awsCopy.id(), awsCopy.balance());
  }
}
