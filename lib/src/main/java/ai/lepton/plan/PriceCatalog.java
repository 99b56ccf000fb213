package ai.lepton.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The prices a plan is made from: instance types per region ({@code instances.csv}, with GCP GPU
 * machines paired with their accelerators by {@code accelerators.csv}), egress per GB ({@code
 * egress.csv}) and platform fees ({@code platform-fees.csv}). The built-in copies come from {@code
 * conf/catalog/}; each file can be replaced by the user's own.
 */
public final class PriceCatalog {

  /**
   * Where each catalog file is: a path, or empty for the built-in copy of {@code conf/catalog/}.
   */
  public record Sources(String instances, String egress, String platformFees, String accelerators) {

    /** Every file from the built-in copy. */
    public static Sources builtIn() {
      return new Sources("", "", "", "");
    }
  }

  private final List<InstanceOffer> offers;
  private final EgressRates egress;
  private final PlatformFees fees;
  private final List<String> notes;

  private PriceCatalog(
      List<InstanceOffer> offers, EgressRates egress, PlatformFees fees, List<String> notes) {
    this.offers = offers;
    this.egress = egress;
    this.fees = fees;
    this.notes = notes;
  }

  /** Loads and checks the catalog; a bad row is a {@link CatalogException} naming file and line. */
  public static PriceCatalog load(Sources sources) {
    CatalogFile instances =
        CatalogFile.read(sources.instances(), "instances.csv", "lepton.plan.catalog.instances");
    CatalogFile accelerators =
        CatalogFile.read(
            sources.accelerators(), "accelerators.csv", "lepton.plan.catalog.accelerators");
    CatalogFile egress =
        CatalogFile.read(sources.egress(), "egress.csv", "lepton.plan.catalog.egress");
    CatalogFile fees =
        CatalogFile.read(
            sources.platformFees(), "platform-fees.csv", "lepton.plan.catalog.platform-fees");
    List<String> notes = new ArrayList<>();
    List<InstanceOffer> offers =
        InstanceOffers.parse(
            instances.rows(InstanceOffers.INSTANCE_COLUMNS),
            accelerators.rows(InstanceOffers.ACCELERATOR_COLUMNS),
            notes);
    return new PriceCatalog(
        offers,
        EgressRates.parse(egress.rows(EgressRates.COLUMNS), egress.name()),
        PlatformFees.parse(fees.rows(PlatformFees.COLUMNS)),
        List.copyOf(notes));
  }

  /** The built-in catalog. */
  public static PriceCatalog builtIn() {
    return load(Sources.builtIn());
  }

  /** Every offer, GCP GPU machines paired with their accelerators. */
  public List<InstanceOffer> offers() {
    return offers;
  }

  /** The offer of {@code name} in a cloud's region, if the catalog has it. */
  public Optional<InstanceOffer> offer(String cloud, String region, String name) {
    return offers.stream()
        .filter(o -> o.cloud().equals(cloud) && o.region().equals(region) && o.name().equals(name))
        .findFirst();
  }

  /** What the catalog adjusted while loading, e.g. a spot price treated as no spot offer. */
  public List<String> notes() {
    return notes;
  }

  /** USD per GB of data held at {@code from} read by a cluster at {@code to}. */
  public double egressUsdPerGb(Location from, Location to) {
    return egress.usdPerGb(from, to);
  }

  EgressRates egress() {
    return egress;
  }

  PlatformFees fees() {
    return fees;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "PriceCatalog[%d offers]", offers.size());
  }
}
