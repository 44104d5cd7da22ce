package org.neurofhir.server.review;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;

/**
 * {@code POST DiagnosticReport/{id}/$review}: a clinician accepts, amends or rejects an AI segmentation report.
 * Answers a Parameters with the reviewed {@code report} and the {@code provenance} recording the review.
 */
public class ReviewOperationProvider {

  public static final String OPERATION = "$review";

  private final ReviewerAuthorization authorization;
  private final SegmentationReportReview review;
  private final ReviewDecisionMetrics metrics;

  public ReviewOperationProvider(ReviewerAuthorization authorization, SegmentationReportReview review,
      ReviewDecisionMetrics metrics) {
    this.authorization = authorization;
    this.review = review;
    this.metrics = metrics;
  }

  @Operation(name = OPERATION, type = DiagnosticReport.class, idempotent = false)
  public Parameters review(@IdParam IdType id, RequestDetails request) {
    Reviewer reviewer = authorization.reviewer();
    ReviewRequest input = ReviewRequest.from(body(request));
    ReviewOutcome outcome = review.review(id.getIdPart(), ifMatch(request), input, reviewer);
    metrics.record(input.decision(), outcome.modelVersion());
    Parameters result = new Parameters();
    result.addParameter().setName("report").setResource(outcome.report());
    result.addParameter().setName("provenance").setResource(outcome.provenance());
    return result;
  }

  /** The Parameters body; read here because its correction parameters are nested parts. */
  private static Parameters body(RequestDetails request) {
    byte[] bytes = request.loadRequestContents();
    if (bytes == null || bytes.length == 0) {
      throw new InvalidRequestException("$review needs a Parameters body with a decision (accept | amend | reject)");
    }
    String contentType = Optional.ofNullable(request.getHeader(Constants.HEADER_CONTENT_TYPE)).orElse("");
    IParser parser = contentType.contains("xml")
        ? request.getFhirContext().newXmlParser()
        : request.getFhirContext().newJsonParser();
    try {
      return parser.parseResource(Parameters.class, new String(bytes, StandardCharsets.UTF_8));
    } catch (DataFormatException e) {
      throw new InvalidRequestException("$review body is not a Parameters resource: " + e.getMessage());
    }
  }

  /** The version the caller last read, from {@code If-Match: W/"3"}; absent when the header is. */
  private static Optional<String> ifMatch(RequestDetails request) {
    String header = request.getHeader(Constants.HEADER_IF_MATCH);
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String v = header.trim();
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    v = v.replace("\"", "");
    if (!v.matches("[0-9]+")) {
      throw new InvalidRequestException("If-Match must name a version, as W/\"3\"; got " + header);
    }
    return Optional.of(v);
  }
}
