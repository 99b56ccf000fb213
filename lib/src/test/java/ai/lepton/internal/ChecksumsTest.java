package ai.lepton.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

  @Test
  void sha256HexOfTextIsTheStandardDigestOfItsUtf8Bytes() {
    // FIPS 180-2 test vector for "abc"
    assertThat(Checksums.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Checksums.sha256Hex("é"))
        .isEqualTo(Checksums.sha256Hex(new byte[] {(byte) 0xc3, (byte) 0xa9}));
  }
}
