package ai.lepton.storage.azure;

import ai.lepton.storage.Location;
import ai.lepton.storage.StorageException;
import ai.lepton.storage.StorageException.Reason;
import ai.lepton.storage.StoreConfig;
import ai.lepton.storage.internal.Messages;
import ai.lepton.storage.internal.StoreErrors;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/** Turns Azure SDK failures into {@link StorageException}s that say what to change. */
final class AzureErrors {

  private static final Set<BlobErrorCode> BAD_CREDENTIALS =
      Set.of(
          BlobErrorCode.AUTHENTICATION_FAILED,
          BlobErrorCode.INVALID_AUTHENTICATION_INFO,
          BlobErrorCode.NO_AUTHENTICATION_INFORMATION);

  private AzureErrors() {}

  /**
   * {@code e}, an SDK failure, explained (not a {@link StorageException}: the store keeps those).
   */
  static StorageException wrap(StoreConfig c, String operation, String uri, Throwable e) {
    List<String> secrets = c.credentials().secrets();
    if (e instanceof BlobStorageException b) {
      return service(c, operation, uri, b);
    }
    if (Messages.causedBy(e, ClientAuthenticationException.class)) {
      return StorageException.create(
          Reason.BAD_CREDENTIALS,
          c.name(),
          operation,
          uri,
          "no Azure credential could get a token (" + Messages.rootCause(e, secrets) + ")",
          credentialsFix(c),
          e);
    }
    if (Messages.causedBy(
        e,
        ConnectException.class,
        UnknownHostException.class,
        HttpConnectTimeoutException.class,
        HttpTimeoutException.class,
        TimeoutException.class)) {
      return StoreErrors.unreachable(c, operation, uri, endpoint(c, uri), e);
    }
    if (e instanceof IllegalArgumentException
        && e.getMessage() != null
        && e.getMessage().toLowerCase().contains("base64")) {
      return StorageException.create(
          Reason.BAD_CREDENTIALS,
          c.name(),
          operation,
          uri,
          "the account key is not valid Base64",
          credentialsFix(c),
          e);
    }
    return StoreErrors.failed(c, operation, uri, Messages.rootCause(e, secrets), e);
  }

  private static StorageException service(
      StoreConfig c, String operation, String uri, BlobStorageException e) {
    BlobErrorCode code = e.getErrorCode();
    String status = "HTTP " + e.getStatusCode() + (code == null ? "" : " " + code);
    if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
      return noContainer(c, operation, uri, e);
    }
    if (BlobErrorCode.BLOB_NOT_FOUND.equals(code) || (e.getStatusCode() == 404 && code == null)) {
      return StoreErrors.notFound(c, operation, uri, "blob", status, e);
    }
    boolean refusedKey = BlobErrorCode.AUTHORIZATION_FAILURE.equals(code) && usesSharedKey(c);
    if ((code != null && BAD_CREDENTIALS.contains(code))
        || e.getStatusCode() == 401
        || refusedKey) {
      return StoreErrors.rejected(c, operation, uri, status, credentialsFix(c), e);
    }
    if (e.getStatusCode() == 403) {
      return StoreErrors.denied(
          c,
          operation,
          uri,
          status,
          " (a SAS needs the right permissions and must not be expired), or grant access"
              + " to the container.",
          e);
    }
    if (e.getStatusCode() == 503 || e.getStatusCode() == 500) {
      return StoreErrors.failing(c, operation, uri, status, e);
    }
    return StoreErrors.failed(c, operation, uri, status, e);
  }

  /** A shared key may do everything, so a refusal means the key itself is wrong. */
  private static boolean usesSharedKey(StoreConfig c) {
    String mode = c.credentials().mode();
    return mode.equals("account-key")
        || (mode.equals("default") && c.emulator())
        || (mode.equals("connection-string")
            && c.credentials().connectionString().toLowerCase().contains("accountkey="));
  }

  static StorageException noContainer(StoreConfig c, String operation, String uri, Throwable e) {
    Location loc = Location.parse(uri);
    return StorageException.create(
        Reason.NO_BUCKET,
        c.name(),
        operation,
        uri,
        "container '" + loc.bucket() + "' does not exist in account '" + loc.account() + "'",
        "Create the container, or fix the location.",
        e);
  }

  static String credentialsFix(StoreConfig c) {
    String creds = c.key("credentials");
    String fix =
        switch (c.credentials().mode()) {
          case "account-key" ->
              "Fix "
                  + creds
                  + ".account-key: it must be a key of account '"
                  + c.account()
                  + "'; set it from the environment, e.g. account-key = ${?AZURE_STORAGE_KEY}.";
          case "sas" ->
              "Fix "
                  + creds
                  + ".sas-token: it must be a valid, unexpired SAS for this account;"
                  + " set it from the environment, e.g. sas-token = ${?AZURE_STORAGE_SAS_TOKEN}.";
          case "connection-string" ->
              "Fix "
                  + creds
                  + ".connection-string: its AccountName and AccountKey (or"
                  + " SharedAccessSignature) must be valid; set it from the environment, e.g."
                  + " connection-string = ${?AZURE_STORAGE_CONNECTION_STRING}.";
          default ->
              c.emulator()
                  ? "The emulator's well-known key was refused: check "
                      + c.key("account")
                      + " and "
                      + c.key("endpoint")
                      + "."
                  : "Sign in so DefaultAzureCredential finds a credential (az login,"
                      + " AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or a managed"
                      + " identity), or set "
                      + creds
                      + ".mode.";
        };
    return c.configured()
        ? fix
        : "Add a store for this account under lepton.stores, e.g. lepton.stores.azure { type ="
            + " azure, account = \"ACCOUNT\", credentials { mode = account-key, account-key ="
            + " ${?AZURE_STORAGE_KEY} } }, or sign in so DefaultAzureCredential finds a credential"
            + " (az login, AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or a managed"
            + " identity).";
  }

  private static String endpoint(StoreConfig c, String uri) {
    if (!c.endpoint().isEmpty()) {
      return c.endpoint();
    }
    try {
      return AzureClients.endpoint(c, Location.parse(uri).account());
    } catch (RuntimeException e) {
      return "Azure Blob Storage";
    }
  }
}
