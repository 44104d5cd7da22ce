package org.neurofhir.server.fhir.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level check agrees with the JDK's strict decoder, on text and on random bytes. */
class Utf8Test {

  private static boolean jdkAccepts(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void wellFormedTextPasses() {
    for (String s : new String[] {"", "plain", "Müller – 日本語 😀", "\u0080\u07ff\u0800\uffff"}) {
      assertThat(Utf8.firstInvalidByte(s.getBytes(StandardCharsets.UTF_8))).as(s).isEqualTo(-1);
    }
  }

  @Test
  void malformedBytesAreFoundWhereTheyStart() {
    assertThat(Utf8.firstInvalidByte(new byte[] {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80})).isEqualTo(1); // surrogate
    assertThat(Utf8.firstInvalidByte(new byte[] {(byte) 0xC0, (byte) 0x80})).isZero(); // overlong NUL
    assertThat(Utf8.firstInvalidByte(new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82})).isEqualTo(2); // truncated
    assertThat(Utf8.firstInvalidByte(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})).isZero();
    assertThat(Utf8.firstInvalidByte(new byte[] {(byte) 0x80})).isZero(); // lone continuation byte
  }

  @Test
  void agreesWithTheJdkOnRandomBytes() {
    Random random = new Random(20261204);
    for (int n = 0; n < 200_000; n++) {
      byte[] b = new byte[1 + random.nextInt(6)];
      random.nextBytes(b);
      assertThat(Utf8.firstInvalidByte(b) < 0).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkAccepts(b));
    }
  }
}
