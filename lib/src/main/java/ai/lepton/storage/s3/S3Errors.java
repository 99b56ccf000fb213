package ai.lepton.storage.s3;

import ai.lepton.storage.Location;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StorageException.Reason;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.internal.Messages;
import ai.lepton.storage.internal.StoreErrors;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns AWS SDK failures into {@link StorageException}s that say what to change. */
final class S3Errors {

  private static final Set<String> BAD_CREDENTIALS =
      Set.of(
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "InvalidSecurity",
          "AuthorizationHeaderMalformed");

  private S3Errors() {}

  /**
   * {@code e}, an SDK failure, explained (not a {@link StorageException}: the store keeps those).
   */
  static StorageException wrap(StoreConfig c, String operation, String uri, Exception e) {
    List<String> secrets = c.credentials().secrets();
    if (e instanceof S3Exception s3) {
      return service(c, operation, uri, s3, secrets);
    }
    if (e instanceof SdkClientException
        && e.getMessage() != null
        && e.getMessage().contains("Unable to load credentials")) {
      return StorageException.create(
          Reason.BAD_CREDENTIALS,
          c.name(),
          operation,
          uri,
          "the AWS SDK's default credential chain found no credentials (environment, system"
              + " properties, web identity, profile, container, instance metadata)",
          credentialsFix(c),
          e);
    }
    if (Messages.causedBy(
        e, ConnectException.class, UnknownHostException.class, SocketTimeoutException.class)) {
      return StoreErrors.unreachable(c, operation, uri, endpoint(c), e);
    }
    return StoreErrors.failed(c, operation, uri, Messages.rootCause(e, secrets), e);
  }

  private static StorageException service(
      StoreConfig c, String operation, String uri, S3Exception e, List<String> secrets) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    code = code == null ? "" : code;
    String detail =
        Messages.clean(
            e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage()
                : e.getMessage(),
            secrets);
    String status = "HTTP " + e.statusCode() + (code.isEmpty() ? "" : " " + code);
    if (code.equals("NoSuchBucket")) {
      return noBucket(c, operation, uri, e);
    }
    if (code.equals("NoSuchKey") || (e.statusCode() == 404 && code.isEmpty())) {
      return StoreErrors.notFound(c, operation, uri, "object", status, e);
    }
    String reply = status + ": " + detail;
    if (BAD_CREDENTIALS.contains(code) || e.statusCode() == 401) {
      return StoreErrors.rejected(c, operation, uri, reply, credentialsFix(c), e);
    }
    if (e.statusCode() == 403) {
      return StoreErrors.denied(
          c, operation, uri, reply, ", or grant them access to the bucket.", e);
    }
    if (e.statusCode() == 503 || e.statusCode() == 500 || e.isThrottlingException()) {
      return StoreErrors.failing(c, operation, uri, reply, e);
    }
    return StoreErrors.failed(c, operation, uri, reply, e);
  }

  static StorageException noBucket(StoreConfig c, String operation, String uri, Exception e) {
    String bucket = Location.parse(uri).bucket();
    return StorageException.create(
        Reason.NO_BUCKET,
        c.name(),
        operation,
        uri,
        "bucket '" + bucket + "' does not exist at " + endpoint(c),
        "Create the bucket, or fix the location"
            + (c.configured() ? " (store '" + c.name() + "' serves " + describe(c) + ")." : "."),
        e);
  }

  private static String describe(StoreConfig c) {
    return c.buckets().isEmpty() ? "any bucket" : "buckets " + c.buckets();
  }

  static String credentialsFix(StoreConfig c) {
    String creds = c.key("credentials");
    String fix =
        switch (c.credentials().mode()) {
          case "static" ->
              "Fix "
                  + creds
                  + ": with mode = static, access-key-id and secret-access-key must be"
                  + " a valid key pair for "
                  + endpoint(c)
                  + "; set them from the environment, e.g."
                  + " secret-access-key = ${?AWS_SECRET_ACCESS_KEY}.";
          case "profile" ->
              "Fix "
                  + creds
                  + ".profile = \""
                  + c.credentials().profile()
                  + "\": check that"
                  + " profile in ~/.aws/credentials and ~/.aws/config.";
          case "anonymous" ->
              "The bucket does not allow anonymous access: set "
                  + creds
                  + ".mode to default or"
                  + " static.";
          default ->
              "Give the AWS SDK's default chain valid credentials (AWS_ACCESS_KEY_ID and"
                  + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance role), or set "
                  + creds
                  + ".mode = static.";
        };
    return c.configured()
        ? fix
        : "Add a store for this bucket under lepton.stores, e.g. lepton.stores.aws { type = s3,"
            + " buckets = [\"BUCKET\"], credentials { mode = static, access-key-id ="
            + " ${?AWS_ACCESS_KEY_ID}, secret-access-key = ${?AWS_SECRET_ACCESS_KEY} } }, or give"
            + " the AWS SDK's default chain credentials (AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or an instance role).";
  }

  static String endpoint(StoreConfig c) {
    return c.endpoint().isEmpty() ? "AWS S3" : c.endpoint();
  }
}
