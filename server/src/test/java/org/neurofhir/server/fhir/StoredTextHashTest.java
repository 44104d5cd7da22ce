package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredTextHashTest {

  @Test
  void sameHashAsHapisGuavaCallForEveryKindOfText() {
    Random random = new Random(7);
    StringBuilder long1 = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      long1.append((char) random.nextInt(Character.MAX_VALUE + 1)); // unpaired surrogates included
    }
    String[] texts = {
      "",
      "{\"resourceType\":\"Patient\",\"id\":\"1\"}",
      "Zoë Müller – 名前 \uD83E\uDDE0", // accents, CJK, a character outside the BMP
      "\uD800 lone high, lone low \uDC00",
      "x".repeat(4096),
      "y".repeat(4097),
      long1.toString()
    };
    for (String text : texts) {
      assertThat(StoredTextHash.of(text))
          .as("text of %d chars", text.length())
          .isEqualTo(Hashing.sha256().hashUnencodedChars(text));
    }
  }

  @Test
  void differentTextsHashDifferently() {
    assertThat(StoredTextHash.of("{\"a\":1}")).isNotEqualTo(StoredTextHash.of("{\"a\":2}"));
    assertThat(StoredTextHash.of("ab")).isNotEqualTo(StoredTextHash.of("ba"));
  }
}
