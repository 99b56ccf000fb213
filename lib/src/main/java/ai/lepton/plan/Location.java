package ai.lepton.plan;

/**
 * Where data sits or a cluster runs: a cloud ({@code aws}, {@code azure}, {@code gcp}) and one of
 * its regions, or {@link #LOCAL} for a path on the machine that runs the job (no egress counted).
 */
public record Location(String cloud, String region) {

  /** Data on a local or mounted path: read without egress charges. */
  public static final Location LOCAL = new Location("local", "");

  /** True for {@link #LOCAL}. */
  public boolean local() {
    return "local".equals(cloud);
  }

  @Override
  public String toString() {
    return local() ? "local" : cloud + "/" + region;
  }
}
