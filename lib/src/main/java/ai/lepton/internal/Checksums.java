package ai.lepton.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** SHA-256 and MD5 helpers: the one place Lepton hashes bytes, streams and text. */
public final class Checksums {

  private Checksums() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    return digest("SHA-256");
  }

  /** A fresh MD5 digest. */
  public static MessageDigest md5() {
    return digest("MD5");
  }

  /** SHA-256 of {@code len} bytes of {@code data}. */
  public static byte[] sha256(byte[] data, int off, int len) {
    MessageDigest d = sha256();
    d.update(data, off, len);
    return d.digest();
  }

  /** MD5 of {@code len} bytes of {@code data}. */
  public static byte[] md5(byte[] data, int off, int len) {
    MessageDigest d = md5();
    d.update(data, off, len);
    return d.digest();
  }

  /** Reads the stream to its end and returns its SHA-256 as lower-case hex. */
  public static String sha256Hex(InputStream in) throws IOException {
    MessageDigest d = sha256();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      d.update(buffer, 0, n);
    }
    return hex(d.digest());
  }

  /** SHA-256 of {@code bytes} as lower-case hex. */
  public static String sha256Hex(byte[] bytes) {
    return hex(sha256(bytes, 0, bytes.length));
  }

  /** SHA-256 of {@code text}'s UTF-8 bytes as lower-case hex. */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** Standard Base64. */
  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Lower-case hex of Base64 text, or null when it is null or not Base64. */
  public static String base64ToHex(String base64) {
    if (base64 == null || base64.isEmpty()) {
      return null;
    }
    try {
      return hex(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      // Invariant, not user input: every JVM ships SHA-256 and MD5.
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
