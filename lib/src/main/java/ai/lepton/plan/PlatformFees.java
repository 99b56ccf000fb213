package ai.lepton.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What each platform charges per node and hour on top of the instance price, from {@code
 * platform-fees.csv}, and on which clouds each platform runs.
 */
final class PlatformFees {

  static final List<String> COLUMNS =
      List.of("platform", "cloud", "instance_type", "unit", "rate", "cap_usd_per_hour", "basis");

  static final String USD_PER_DBU = "usd-per-dbu";

  static final Set<String> FEE_UNITS =
      Set.of(
          "usd-per-hour",
          "usd-per-vcpu-hour",
          "share-of-on-demand",
          "dbu-per-hour",
          "dbu-per-vcpu-hour");

  /** A fee per node and hour, with how it was computed and whether it is a list price. */
  record Fee(double usdPerHour, String how, String basis) {}

  /** One row of the file. */
  record Row(
      Platform platform,
      String cloud,
      String instanceType,
      String unit,
      double rate,
      OptionalDouble cap,
      String basis,
      String origin) {

    boolean matches(Platform p, String cloudName, String type) {
      return platform == p && ("*".equals(cloud) || cloud.equals(cloudName)) && typeScore(type) > 0;
    }

    int typeScore(String type) {
      if ("*".equals(instanceType)) {
        return 1;
      }
      if (instanceType.endsWith("*")) {
        String prefix = instanceType.substring(0, instanceType.length() - 1);
        return type.startsWith(prefix) ? 2 + prefix.length() : 0;
      }
      return instanceType.equals(type) ? 10_000 : 0;
    }

    int specificity(String type) {
      return ("*".equals(cloud) ? 0 : 100_000) + typeScore(type);
    }
  }

  private final List<Row> rows;

  private PlatformFees(List<Row> rows) {
    this.rows = rows;
  }

  static PlatformFees parse(List<CsvTable.Row> rows) {
    List<Row> parsed = new ArrayList<>();
    for (CsvTable.Row row : rows) {
      String name = row.required("platform");
      Platform platform =
          Platform.of(name)
              .orElseThrow(
                  () ->
                      row.error(
                          "platform '" + name + "' is not one Lepton knows: " + Platform.names()));
      String unit = row.lower("unit");
      if (!FEE_UNITS.contains(unit) && !USD_PER_DBU.equals(unit)) {
        throw row.error(
            "unit '"
                + unit
                + "' is not one of "
                + String.join(", ", new java.util.TreeSet<>(FEE_UNITS))
                + ", "
                + USD_PER_DBU);
      }
      String basis = row.text("basis").toLowerCase(Locale.ROOT);
      if (!basis.equals("list") && !basis.equals("estimate")) {
        throw row.error("basis is '" + basis + "'; write list or estimate");
      }
      parsed.add(
          new Row(
              platform,
              row.lower("cloud"),
              row.required("instance_type"),
              unit,
              row.number("rate"),
              row.optionalNumber("cap_usd_per_hour"),
              basis,
              row.file() + " line " + row.line()));
    }
    PlatformFees fees = new PlatformFees(List.copyOf(parsed));
    fees.checkDbuPrices(rows);
    return fees;
  }

  /** True when the file lists {@code platform} on {@code cloud}. */
  boolean runsOn(Platform platform, String cloud) {
    return rows.stream()
        .anyMatch(
            r ->
                r.platform() == platform
                    && FEE_UNITS.contains(r.unit())
                    && ("*".equals(r.cloud()) || r.cloud().equals(cloud)));
  }

  /** The fee of one node of {@code offer} on {@code platform} for an hour. */
  Fee hourly(Platform platform, InstanceOffer offer) {
    Row row =
        best(platform, offer, FEE_UNITS)
            .orElseThrow(
                () ->
                    new CatalogException(
                        "No "
                            + platform.id()
                            + " fee for "
                            + offer.name()
                            + " on "
                            + offer.cloud()
                            + " in lepton.plan.catalog.platform-fees. Add a row for it or for"
                            + " \"*\"."));
    double usd;
    String how;
    switch (row.unit()) {
      case "usd-per-hour" -> {
        usd = row.rate();
        how = usd == 0 ? "no fee" : money(usd) + "/h";
      }
      case "usd-per-vcpu-hour" -> {
        usd = row.rate() * offer.vcpus();
        how = money(row.rate()) + " per vCPU-hour";
      }
      case "share-of-on-demand" -> {
        usd = row.rate() * offer.onDemandPerHour();
        how = Math.round(row.rate() * 100) + "% of on-demand";
      }
      default -> {
        Row price = best(platform, offer, Set.of(USD_PER_DBU)).orElseThrow();
        double dbu = "dbu-per-hour".equals(row.unit()) ? row.rate() : row.rate() * offer.vcpus();
        usd = dbu * price.rate();
        how = String.format(Locale.ROOT, "%.2f DBU/h x %s", dbu, money(price.rate()));
      }
    }
    if (row.cap().isPresent() && usd > row.cap().getAsDouble()) {
      usd = row.cap().getAsDouble();
      how = how + ", capped at " + money(usd) + "/h";
    }
    return new Fee(usd, how, row.basis());
  }

  private Optional<Row> best(Platform platform, InstanceOffer offer, Set<String> units) {
    return rows.stream()
        .filter(r -> units.contains(r.unit()) && r.matches(platform, offer.cloud(), offer.name()))
        .max(Comparator.comparingInt(r -> r.specificity(offer.name())));
  }

  private void checkDbuPrices(List<CsvTable.Row> source) {
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (!r.unit().startsWith("dbu-")) {
        continue;
      }
      boolean priced =
          rows.stream()
              .anyMatch(
                  p ->
                      USD_PER_DBU.equals(p.unit())
                          && p.platform() == r.platform()
                          && ("*".equals(p.cloud()) || p.cloud().equals(r.cloud())));
      if (!priced) {
        throw source
            .get(i)
            .error(
                "gives DBUs for "
                    + r.platform().id()
                    + " on "
                    + r.cloud()
                    + ", but no row prices a DBU there (unit "
                    + USD_PER_DBU
                    + ")");
      }
    }
  }

  private static String money(double usd) {
    return Money.usd(usd);
  }
}
