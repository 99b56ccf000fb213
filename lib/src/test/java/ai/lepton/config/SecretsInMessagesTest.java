package ai.lepton.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Secrets never appear in config errors, and ordinary words in them are not masked. */
class SecretsInMessagesTest {

  private static final String SECRET = "Hunter2SuperSecret";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lepton.stores.s3.credentials={ secret-access-key = {" + SECRET + " }",
        "lepton.stores.s3.credentials={ session-token = [" + SECRET + " }",
        "lepton.stores.s3={ credentials.account-key = {" + SECRET + " }"
      })
  void aMalformedSetHoldingASecretIsNotEchoed(String override) {
    assertThatThrownBy(() -> LeptonConfig.load(List.of(), List.of(override)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot use --set for key 'lepton.stores.s3")
        .hasMessageNotContaining(SECRET)
        .hasNoCause();
  }

  @Test
  void aSecretKeysValueIsAStringEvenWhenItLooksLikeHocon() {
    String key = "lepton.store-defaults.credentials.secret-access-key";
    LeptonConfig config = LeptonConfig.load(List.of(), List.of(key + "={" + SECRET));
    assertThat(config.raw().getString(key)).isEqualTo("{" + SECRET);
  }

  @Test
  void aBrokenSecretLineInAFileIsNotQuotedBack() throws IOException {
    Path f = dir.resolve("stores.conf");
    Files.writeString(
        f, "lepton.stores.s3 {\n  type = s3\n  credentials.secret-access-key = {" + SECRET + "\n");
    assertThatThrownBy(() -> LeptonConfig.load(List.of(f), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot parse config file " + f)
        .hasMessageContaining("may not be followed by token: end of file")
        .hasMessageNotContaining(SECRET)
        .hasNoCause();
  }

  @Test
  void commentsAboutSecretsDoNotMaskTheParsersWords() throws IOException {
    Path f = dir.resolve("commented.conf");
    Files.writeString(
        f,
        "# credentials.secret-access-key: the secret key, e.g. from the environment\n"
            + "lepton.reconcile { key = [ }\n");
    assertThatThrownBy(() -> LeptonConfig.load(List.of(f), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "instead had token: '}' (if you want '}' to be part of a string value, then"
                + " double-quote it)")
        .hasMessageNotContaining(Redactor.MASK);
  }

  @Test
  void parserWordsAreNotMasked() {
    String parser =
        "String: 1: Expecting a value but got wrong token: '}' (if you intended '}' to be part of"
            + " a key or string value, try enclosing the key or value in double quotes)";
    assertThat(Redactor.redactMessage(parser)).isEqualTo(parser);
    String eof = "List should have ended with ] or had a comma, instead had token: end of file";
    assertThat(Redactor.redactMessage(eof)).isEqualTo(eof);
  }

  @Test
  void realSecretAssignmentsAreStillMasked() {
    assertThat(Redactor.redactMessage("x-ms session-token: abc123 and sas-token=def456"))
        .doesNotContain("abc123")
        .doesNotContain("def456")
        .contains("session-token: " + Redactor.MASK);
    assertThat(Redactor.redactMessage("token=abc123")).isEqualTo("token=" + Redactor.MASK);
  }

  @Test
  void credentialsInAUriAreMaskedInFreeText() {
    assertThat(Redactor.redactMessage("cannot read s3a://AKIAFAKE:" + SECRET + "@bucket/x: 403"))
        .isEqualTo("cannot read s3a://" + Redactor.MASK + "@bucket/x: 403");
    assertThat(Redactor.hasUserInfo("wasbs://data@acct.blob.core.windows.net/x")).isFalse();
    assertThat(Redactor.hasUserInfo("s3a://AKIAFAKE:" + SECRET + "@bucket/x")).isTrue();
  }

  @Test
  void aUriWithCredentialsIsRefusedNamingTheKeyWithoutThem() {
    assertThatThrownBy(
            () ->
                LeptonConfig.parse(
                    "lepton.reconcile.sources = [ { name = a, uri = \"s3a://AKIAFAKE:"
                        + SECRET
                        + "@bucket/a/\" } ]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lepton.reconcile.sources[0].uri is s3a://" + Redactor.MASK + "@bucket/a/")
        .hasMessageContaining("lepton.stores.<name>.credentials")
        .hasMessageNotContaining(SECRET)
        .hasMessageNotContaining("AKIAFAKE");
  }
}
