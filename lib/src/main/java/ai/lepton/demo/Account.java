package ai.lepton.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;

/** One customer account row, as both clouds hold it; {@code updatedAt} is UTC wall time. */
record Account(
    String id,
    String name,
    String email,
    String country,
    BigDecimal balance,
    LocalDate openedOn,
    LocalDateTime updatedAt,
    String status) {

  /** Column names in file order; they match {@link DemoDataset#SCHEMA_DDL}. */
  static final List<String> COLUMNS =
      List.of("id", "name", "email", "country", "balance", "opened_on", "updated_at", "status");

  static final int BALANCE = COLUMNS.indexOf("balance");
  static final int OPENED_ON = COLUMNS.indexOf("opened_on");
  static final int UPDATED_AT = COLUMNS.indexOf("updated_at");

  Account withId(String newId) {
    return new Account(newId, name, email, country, balance, openedOn, updatedAt, status);
  }

  Account withChange(BigDecimal newBalance, LocalDateTime newUpdatedAt) {
    return new Account(id, name, email, country, newBalance, openedOn, newUpdatedAt, status);
  }

  /**
   * Returns this account with differences that trimming strings and comparing e-mail and country
   * case-insensitively must absorb. The variant (0 to 3) picks padded name, upper-case e-mail,
   * lower-case country, or all three.
   */
  Account withNoise(int variant) {
    boolean all = variant == 3;
    return new Account(
        id,
        all || variant == 0 ? "  " + name + " " : name,
        all || variant == 1 ? email.toUpperCase(Locale.ROOT) : email,
        all || variant == 2 ? country.toLowerCase(Locale.ROOT) : country,
        balance,
        openedOn,
        updatedAt,
        status);
  }
}
