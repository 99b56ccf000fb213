package ai.lepton.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats US dollar amounts for plan explanations. */
final class Money {

  private Money() {}

  /** {@code $0.048}, {@code $12.50}: at most four decimals, at least two. */
  static String usd(double amount) {
    BigDecimal value =
        BigDecimal.valueOf(amount).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
    if (value.scale() < 2) {
      value = value.setScale(2, RoundingMode.UNNECESSARY);
    }
    return "$" + value.toPlainString();
  }

  /** Rounds to cents for reports. */
  static double cents(double amount) {
    return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }
}
