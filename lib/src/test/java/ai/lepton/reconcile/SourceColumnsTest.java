package ai.lepton.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lepton.config.ConfigException;
import ai.lepton.config.LeptonConfig;
import ai.lepton.data.ColumnMapping;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A source's {@code columns} and {@code transform}, read and checked without Spark. */
class SourceColumnsTest {

  private static ReconcileConfig parse(String aws, String azure) {
    return ReconcileConfig.from(
        LeptonConfig.parse(
            "lepton.reconcile.sources = [ { name = aws, uri = \"/a\", format = csv, "
                + aws
                + " }, { name = azure, uri = \"/b\", format = json, "
                + azure
                + " } ]\n"
                + "lepton.reconcile.output { golden = /g, discrepancies = /d, quarantine = /q }\n"));
  }

  @Test
  void readsRenamesAndTransformsPerSource() {
    ReconcileConfig c =
        parse(
            "columns { mail = \"email\", \"e.id\" = id }",
            "transform { balance = \"balance / 100\" }");
    assertThat(c.sources().get(0).columns())
        .containsExactly(Map.entry("e.id", "id"), Map.entry("mail", "email"));
    assertThat(c.sources().get(0).transform()).isEmpty();
    assertThat(c.sources().get(1).transform())
        .containsExactly(Map.entry("balance", "balance / 100"));
    assertThat(c.sources().get(1).columns()).isEmpty();
  }

  @Test
  void aTransformThatDoesNotParseIsRefusedWithTheKeyAndSparksFirstLine() {
    assertThatThrownBy(() -> parse("", "transform { balance = \"balance / / 100\" }"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "lepton.reconcile.sources[1].transform.balance is not a valid Spark SQL expression:"
                + " [PARSE_SYNTAX_ERROR] Syntax error at or near '/'")
        .hasMessageContaining("e.g. balance = \"balance / 100\"");
  }

  @Test
  void aMappingNamingAColumnTheSourceLacksIsRefusedListingItsColumns() {
    ColumnMapping mapping =
        new ColumnMapping(Map.of("mail", "email"), "lepton.reconcile.sources[0].columns");
    assertThatThrownBy(() -> mapping.check("aws", List.of("id", "e_mail", "balance")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "lepton.reconcile.sources[0].columns.mail renames column 'mail', which source 'aws'"
                + " does not have (the columns it has: [id, e_mail, balance]). Fix the name in"
                + " lepton.reconcile.sources[0].columns, or the source's header or schema.");
    mapping.check("aws", List.of("id", "MAIL"));
  }

  @Test
  void aMappingOntoAColumnTheSourceAlreadyHasIsRefused() {
    ColumnMapping mapping =
        new ColumnMapping(Map.of("mail", "email"), "lepton.reconcile.sources[0].columns");
    assertThatThrownBy(() -> mapping.check("aws", List.of("id", "mail", "email")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lepton.reconcile.sources[0].columns.mail renames column 'mail' to 'email', but source"
                + " 'aws' already has a column 'email'");
    new ColumnMapping(Map.of("a", "b", "b", "a"), "k").check("aws", List.of("a", "b"));
  }

  @Test
  void twoColumnsRenamedToOneNameOrANonStringAreRefused() {
    assertThatThrownBy(() -> parse("columns { mail = email, e_mail = EMAIL }", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lepton.reconcile.sources[0].columns.mail renames 'mail' to 'email', as"
                + " lepton.reconcile.sources[0].columns.e_mail renames 'e_mail'");
    assertThatThrownBy(() -> parse("columns { mail = 3 }", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lepton.reconcile.sources[0].columns.mail must be a non-empty string");
  }

  @Test
  void aMisspelledSourceKeyNamesTheNearestOne() {
    assertThatThrownBy(() -> parse("colums { mail = email }", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown config key lepton.reconcile.sources[0].colums")
        .hasMessageContaining("Did you mean lepton.reconcile.sources[].columns?");
  }

  @Test
  void aDeclaredSchemaIsMatchedUnderTheSourcesOwnNames() {
    ColumnMapping mapping = new ColumnMapping(Map.of("account_id", "id"), "k");
    assertThat(mapping.toSourceNames(StructType.fromDDL("ID STRING, balance INT")).fieldNames())
        .containsExactly("account_id", "balance");
  }

  @Test
  void writeBackToASourceWithTransformsIsRefused() {
    ReconcileConfig c =
        parse("columns { mail = email }", "transform { balance = \"cents / 100\" }");
    SyncAction.checkWriteBack(c, List.of("aws"));
    assertThatThrownBy(() -> SyncAction.checkWriteBack(c, List.of("azure")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lepton.sync.write-back names 'azure', whose columns [balance] are computed by"
                + " lepton.reconcile.sources[1].transform");
  }
}
