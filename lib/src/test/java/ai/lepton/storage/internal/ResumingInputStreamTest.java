package ai.lepton.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumingInputStreamTest {

  private static final byte[] DATA = new byte[10_000];

  static {
    for (int i = 0; i < DATA.length; i++) {
      DATA[i] = (byte) (i * 31);
    }
  }

  /** The bytes from {@code offset}, breaking with a reset after {@code breakAfter} of them. */
  private static InputStream breaking(long offset, long length, int breakAfter) {
    int end = length < 0 ? DATA.length : (int) (offset + length);
    InputStream body = new ByteArrayInputStream(Arrays.copyOfRange(DATA, (int) offset, end));
    return new InputStream() {
      int served;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (served >= breakAfter) {
          throw new IOException("Connection reset");
        }
        int n = body.read(b, off, Math.min(len, breakAfter - served));
        served += Math.max(0, n);
        return n;
      }
    };
  }

  @Test
  void aBodyBrokenMidWayIsReopenedWhereItStoppedAndReadsTheSameBytes() throws IOException {
    List<Long> reopenedAt = new ArrayList<>();
    ResumingInputStream in =
        new ResumingInputStream(
            breaking(100, 5_000, 1_500),
            (from, rest) -> {
              reopenedAt.add(from);
              return breaking(from, rest, 10_000);
            },
            100,
            5_000,
            4,
            0,
            0,
            null);

    byte[] read = in.readAllBytes();

    assertThat(read).isEqualTo(Arrays.copyOfRange(DATA, 100, 5_100));
    assertThat(reopenedAt).containsExactly(1_600L);
  }

  @Test
  void itGivesUpAfterMaxAttemptsWithTheReadFailure() {
    ResumingInputStream in =
        new ResumingInputStream(
            breaking(0, -1, 100), (from, rest) -> breaking(from, rest, 100), 0, -1, 3, 0, 0, null);

    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessage("Connection reset");
  }
}
