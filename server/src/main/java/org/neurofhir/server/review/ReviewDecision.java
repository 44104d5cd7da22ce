package org.neurofhir.server.review;

import java.util.Locale;
import java.util.Optional;

/** What a clinician decides about an AI segmentation report. */
public enum ReviewDecision {
  ACCEPT,
  AMEND,
  REJECT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ReviewDecision> parse(String code) {
    for (ReviewDecision d : values()) {
      if (d.code().equals(code)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
