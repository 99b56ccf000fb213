package ai.lepton.errors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lepton.LeptonException;
import ai.lepton.model.ModelException;
import ai.lepton.storage.StorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void wrapKeepsOnlyTheFirstLineOfTheCauseAndTheCauseItself() {
    IllegalStateException spark =
        new IllegalStateException(
            "Job aborted due to stage failure: Task 0 failed\n== Physical Plan ==\n*(1) Scan");

    LeptonException e =
        Failures.wrap(spark, "read the table at /t", "Check the table.", ModelException::new);

    assertThat(e)
        .isInstanceOf(ModelException.class)
        .hasMessage(
            "Cannot read the table at /t: Job aborted due to stage failure: Task 0 failed."
                + " Check the table.")
        .hasCause(spark);
  }

  @Test
  void wrapWithAMessageOfItsOwnGetsTheFirstLineWithoutItsPeriod() {
    LeptonException e =
        Failures.wrap(
            new IllegalStateException("Booster failed.\nat native code"),
            why -> "xgboost failed to train: " + why + ". Check lepton.train.xgboost.",
            ModelException::new);

    assertThat(e)
        .isInstanceOf(ModelException.class)
        .hasMessage("xgboost failed to train: Booster failed. Check lepton.train.xgboost.");
  }

  @Test
  void wrapMasksSecretsInTheCause() {
    IOException io = new IOException("403 for s3a://AKIA123:verysecret@bucket/x secret-key=abc123");

    LeptonException e = Failures.wrap(io, "read s3a://bucket/x", "", LeptonException::new);

    assertThat(e.getMessage())
        .doesNotContain("verysecret")
        .doesNotContain("abc123")
        .startsWith("Cannot read s3a://bucket/x: 403 for s3a://*****@bucket/x");
  }

  @Test
  void wrapNeverWrapsALeptonErrorTwiceEvenInsideAnEngineFailure() {
    StorageException storage =
        StorageException.create(
            StorageException.Reason.NOT_FOUND, "s3", "read", "s3://b/k", "no such key", "", null);
    RuntimeException spark = new RuntimeException("Job aborted", storage);

    assertThat(Failures.wrap(storage, "read it", "", ModelException::new)).isSameAs(storage);
    assertThat(Failures.wrap(spark, "read it", "", ModelException::new)).isSameAs(storage);
  }

  @Test
  void rootMessageSkipsWrappersThatSayNothingOfTheirOwn() {
    // a wrapper whose message is just its cause's toString() says nothing of its own
    RuntimeException e = new RuntimeException(new IOException("disk full\nat line 2"));
    assertThat(Failures.rootMessage(e)).isEqualTo("disk full");
    assertThat(Failures.rootMessage(new RuntimeException((String) null, new IOException("x"))))
        .isEqualTo("x");
    assertThat(Failures.rootMessage(new NullPointerException())).isEqualTo("NullPointerException");
  }

  @Test
  void rootCauseNamesTheDeepestCauseAndMasksKnownSecrets() {
    Exception e =
        new RuntimeException(
            "request failed", new ConnectException("Connection refused to key s3cr3tvalue"));

    assertThat(Failures.rootCause(e, List.of("s3cr3tvalue")))
        .isEqualTo("ConnectException: Connection refused to key *****");
  }

  @Test
  void describeKeepsALeptonMessageWholeAndCutsAnEngineFailureToItsFirstLine() {
    LeptonException lepton = new LeptonException("Cannot do x: y.\nSee the table below.");
    IllegalStateException engine = new IllegalStateException("Job aborted\n== Plan ==\nScan");

    assertThat(Failures.describe(lepton)).isEqualTo("Cannot do x: y.\nSee the table below.");
    assertThat(Failures.describe(engine)).isEqualTo("Job aborted");
    assertThat(Failures.describe(new LeptonException("password=hunter2 was refused")))
        .doesNotContain("hunter2");
  }

  @Test
  void messageHasTheShapeCannotDoingWhyFix() {
    assertThat(Failures.message("write x", "disk full.", "Free space."))
        .isEqualTo("Cannot write x: disk full. Free space.");
    assertThat(Failures.message("write x", "", "")).isEqualTo("Cannot write x.");
  }
}
