package ai.lepton.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Per-GB prices of reading data held in one place from a cluster in another, from {@code
 * egress.csv}. The cloud holding the data charges; within one region nothing is charged.
 */
final class EgressRates {

  static final List<String> COLUMNS =
      List.of("from_cloud", "from_region", "to_cloud", "to_region", "usd_per_gb");

  static final String INTERNET = "internet";

  /** One row: data leaving {@code from} for {@code to}; {@code *} matches any region. */
  record Rate(
      String fromCloud,
      String fromRegion,
      String toCloud,
      String toRegion,
      double usdPerGb,
      String origin) {

    boolean matches(Location from, String toCloudName, String toRegionName) {
      return fromCloud.equals(from.cloud())
          && regionMatches(fromRegion, from.region())
          && toCloud.equals(toCloudName)
          && regionMatches(toRegion, toRegionName);
    }

    int exactRegions() {
      return ("*".equals(fromRegion) ? 0 : 2) + ("*".equals(toRegion) ? 0 : 1);
    }

    private static boolean regionMatches(String pattern, String region) {
      return "*".equals(pattern) || pattern.equals(region);
    }
  }

  private final List<Rate> rates;
  private final String file;

  private EgressRates(List<Rate> rates, String file) {
    this.rates = rates;
    this.file = file;
  }

  static EgressRates parse(List<CsvTable.Row> rows, String file) {
    List<Rate> rates = new ArrayList<>();
    for (CsvTable.Row row : rows) {
      Rate rate =
          new Rate(
              row.lower("from_cloud"),
              row.required("from_region"),
              row.lower("to_cloud"),
              row.required("to_region"),
              row.number("usd_per_gb"),
              row.file() + " line " + row.line());
      if ("*".equals(rate.fromCloud()) || "*".equals(rate.toCloud())) {
        throw row.error("a cloud cannot be \"*\"; name it (aws, azure, gcp) or use \"internet\"");
      }
      for (Rate earlier : rates) {
        if (earlier.fromCloud().equals(rate.fromCloud())
            && earlier.fromRegion().equals(rate.fromRegion())
            && earlier.toCloud().equals(rate.toCloud())
            && earlier.toRegion().equals(rate.toRegion())) {
          throw row.error("repeats the route of " + earlier.origin());
        }
      }
      rates.add(rate);
    }
    return new EgressRates(List.copyOf(rates), file);
  }

  /** USD per GB of data held at {@code from} read by a cluster at {@code to}. */
  double usdPerGb(Location from, Location to) {
    return rate(from, to).map(Rate::usdPerGb).orElse(0.0);
  }

  /**
   * The row that prices reading {@code from} at {@code to}; empty when nothing is charged (same
   * region, or local data). Throws when no row covers the route.
   */
  Optional<Rate> rate(Location from, Location to) {
    if (from.local() || from.equals(to)) {
      return Optional.empty();
    }
    Optional<Rate> direct = best(from, to.cloud(), to.region());
    if (direct.isPresent() || from.cloud().equals(to.cloud())) {
      return Optional.of(direct.orElseThrow(() -> missing(from, to, to.cloud())));
    }
    return Optional.of(
        best(from, INTERNET, to.region()).orElseThrow(() -> missing(from, to, INTERNET)));
  }

  private Optional<Rate> best(Location from, String toCloud, String toRegion) {
    return rates.stream()
        .filter(r -> r.matches(from, toCloud, toRegion))
        .max(Comparator.comparingInt(Rate::exactRegions));
  }

  private CatalogException missing(Location from, Location to, String toCloud) {
    return new CatalogException(
        "No egress price for data in "
            + from
            + " read from "
            + to
            + " in "
            + file
            + ". Add a row, e.g. "
            + from.cloud()
            + ",*,"
            + toCloud
            + ",*,0.09, to the file lepton.plan.catalog.egress points at.");
  }
}
