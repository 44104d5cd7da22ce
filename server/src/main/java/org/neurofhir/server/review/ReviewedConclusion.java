package org.neurofhir.server.review;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report's conclusion after a review. A clinician's own conclusion is kept as written; otherwise the pipeline's
 * text loses its "preliminary, not validated" wording (it would contradict the final status) and says who validated,
 * corrected or rejected it, and when.
 */
final class ReviewedConclusion {

  /** The pipeline's opening (SegmentationResultsBundle.ReportConclusion). */
  private static final Pattern PRELIMINARY =
      Pattern.compile("^Preliminary automated segmentation \\((.*?), not validated by a clinician\\)");
  /** Where earlier reviews' sentences start: each review replaces them, so the text does not grow with every amend. */
  private static final Pattern REVIEW_SENTENCES = Pattern.compile(
      "\\s*(Validated by |Corrected on clinician review by |Reviewed again by |Rejected on clinician review by ).*$",
      Pattern.DOTALL);
  /** Who first validated stays named after later corrections (earlier ones are in the Provenance and _history). */
  private static final Pattern VALIDATED =
      Pattern.compile("Validated by .+? on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\.");
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private ReviewedConclusion() {}

  static String text(String current, ReviewRequest request, Reviewer reviewer, Instant when, List<String> corrections) {
    if (request.conclusion().isPresent()) {
      return request.conclusion().get();
    }
    String base = current == null ? "" : current;
    Matcher m = PRELIMINARY.matcher(base);
    if (m.find()) {
      base = "Automated segmentation (" + m.group(1) + ")" + base.substring(m.end());
    }
    Matcher validated = VALIDATED.matcher(base);
    String firstValidation = validated.find() ? validated.group() : null;
    Matcher earlier = REVIEW_SENTENCES.matcher(base);
    if (earlier.find()) {
      base = base.substring(0, earlier.start());
    }
    if (firstValidation != null && request.decision() != ReviewDecision.ACCEPT) {
      base = base + " " + firstValidation;
    }
    String by = reviewer.displayName() + " on " + MINUTE.format(when);
    String added = switch (request.decision()) {
      case ACCEPT -> "Validated by " + by + ".";
      case AMEND -> corrections.isEmpty() ? "Reviewed again by " + by + "."
          : "Corrected on clinician review by " + by + ": " + String.join("; ", corrections) + ".";
      case REJECT -> "Rejected on clinician review by " + by + ": " + request.reason();
    };
    return base.isBlank() ? added : base + " " + added;
  }
}
