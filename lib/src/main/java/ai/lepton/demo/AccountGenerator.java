package ai.lepton.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;

/** Draws realistic accounts and their altered copies from a seeded {@link Random}. */
final class AccountGenerator {

  private static final LocalDate FIRST_OPENING = LocalDate.of(2010, 1, 1);
  private static final int OPENING_DAYS = 13 * 365;
  private static final LocalDateTime FIRST_UPDATE = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final int UPDATE_SECONDS = 366 * 24 * 3600;
  private static final BigDecimal MAX_BALANCE = new BigDecimal("9999999.99");
  private static final String[] DOMAINS = {"example.com", "example.org", "mail.example.net"};

  private final Random random;

  AccountGenerator(Random random) {
    this.random = random;
  }

  /**
   * A new account with the given id (a letter and digits); the id's number makes the e-mail address
   * unique.
   */
  Account next(String id) {
    Names.Person person = Names.pick(random);
    String status = status();
    String email =
        person.emailLocalPart()
            + "."
            + Integer.parseInt(id.substring(1))
            + "@"
            + DOMAINS[random.nextInt(DOMAINS.length)];
    return new Account(
        id,
        person.name(),
        email,
        person.country(),
        balance(status),
        FIRST_OPENING.plusDays(random.nextInt(OPENING_DAYS)),
        FIRST_UPDATE.plusSeconds(random.nextInt(UPDATE_SECONDS)),
        status);
  }

  /**
   * The other cloud's copy of a conflicting account: a different balance, and an update time that
   * is later than the original's when {@code later} is true, earlier otherwise.
   */
  Account conflictingCopy(Account account, boolean later) {
    long seconds = 60 + random.nextInt(30 * 24 * 3600);
    LocalDateTime updatedAt =
        later
            ? account.updatedAt().plusSeconds(seconds)
            : account.updatedAt().minusSeconds(seconds);
    return account.withChange(shifted(account.balance()), updatedAt);
  }

  /** An older version of the account: hours earlier, with a different balance. */
  Account staleCopy(Account account) {
    long hours = 1 + random.nextInt(72);
    return account.withChange(shifted(account.balance()), account.updatedAt().minusHours(hours));
  }

  /** Which noise variant a noisy key gets (see {@link Account#withNoise}). */
  int noiseVariant() {
    return random.nextInt(4);
  }

  private String status() {
    int roll = random.nextInt(100);
    return roll < 80 ? "active" : roll < 88 ? "suspended" : "closed";
  }

  private BigDecimal balance(String status) {
    if (status.equals("closed")) {
      return BigDecimal.ZERO.setScale(2);
    }
    double amount = StrictMath.exp(7 + 1.3 * random.nextGaussian());
    BigDecimal balance =
        BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP).min(MAX_BALANCE);
    return status.equals("suspended") && random.nextInt(3) == 0 ? balance.negate() : balance;
  }

  private BigDecimal shifted(BigDecimal balance) {
    long cents = 1 + random.nextInt(50_000);
    BigDecimal delta = BigDecimal.valueOf(random.nextBoolean() ? cents : -cents, 2);
    return balance.add(delta);
  }
}
