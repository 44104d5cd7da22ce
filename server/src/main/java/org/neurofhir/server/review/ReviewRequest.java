package org.neurofhir.server.review;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.TumourRegion;
import org.neurofhir.profiles.TumourVolumeMeasurement;

/**
 * The {@code $review} input, checked: a malformed Parameters body (no decision, a parameter of the wrong shape) is
 * 400; values that are well-formed but clinically unusable (negative volume, unknown region, wrong unit) are 422.
 *
 * @param corrections corrected volume in cm3 per region
 * @param conclusion the clinician's conclusion replacing the AI text, if given
 */
public record ReviewRequest(ReviewDecision decision, Optional<String> comment,
    Map<TumourRegion, BigDecimal> corrections, Optional<String> conclusion) {

  public ReviewRequest {
    corrections = Map.copyOf(corrections);
  }

  /** The words a Provenance and a cancelled report carry as the reason. */
  public String reason() {
    return comment.orElse("clinician review: " + decision.code());
  }

  public static ReviewRequest from(Parameters body) {
    if (body == null) {
      throw new InvalidRequestException("$review needs a Parameters body with a decision (accept | amend | reject)");
    }
    ReviewDecision decision = null;
    String comment = null;
    String conclusion = null;
    Map<TumourRegion, BigDecimal> corrections = new EnumMap<>(TumourRegion.class);
    for (ParametersParameterComponent p : body.getParameter()) {
      switch (p.getName() == null ? "" : p.getName()) {
        case "decision" -> {
          String code = text(p, "decision");
          decision = ReviewDecision.parse(code).orElseThrow(() -> new InvalidRequestException(
              "parameter decision: '" + code + "' is not one of accept, amend, reject"));
        }
        case "comment" -> comment = text(p, "comment");
        case "conclusion" -> conclusion = text(p, "conclusion");
        case "correction" -> {
          Correction c = correction(p);
          if (corrections.put(c.region(), c.cm3()) != null) {
            throw new UnprocessableEntityException("region " + c.region().code() + " is corrected twice");
          }
        }
        default -> throw new InvalidRequestException("unknown parameter '" + p.getName()
            + "': $review takes decision, comment, conclusion and correction");
      }
    }
    if (decision == null) {
      throw new InvalidRequestException("parameter decision is required (accept | amend | reject)");
    }
    if (decision != ReviewDecision.AMEND && (!corrections.isEmpty() || conclusion != null)) {
      throw new UnprocessableEntityException("corrections and a conclusion come with decision amend, not "
          + decision.code());
    }
    if (decision == ReviewDecision.AMEND && corrections.isEmpty() && conclusion == null) {
      throw new UnprocessableEntityException("amend needs at least one correction or a conclusion; "
          + "to validate the AI values unchanged use accept");
    }
    if (decision == ReviewDecision.REJECT && (comment == null || comment.isBlank())) {
      throw new UnprocessableEntityException("reject needs a comment saying why: it is the reason the report is withdrawn");
    }
    return new ReviewRequest(decision, Optional.ofNullable(comment).filter(s -> !s.isBlank()), corrections,
        Optional.ofNullable(conclusion).filter(s -> !s.isBlank()));
  }

  private record Correction(TumourRegion region, BigDecimal cm3) {}

  private static Correction correction(ParametersParameterComponent p) {
    TumourRegion region = null;
    BigDecimal cm3 = null;
    for (ParametersParameterComponent part : p.getPart()) {
      switch (part.getName() == null ? "" : part.getName()) {
        case "code", "region" -> region = region(part.getValue());
        case "value", "valueQuantity" -> cm3 = cubicCentimetres(part.getValue());
        default -> throw new InvalidRequestException("correction: unknown part '" + part.getName()
            + "'; give code (the region) and value (a Quantity in cm3)");
      }
    }
    if (region == null || cm3 == null) {
      throw new InvalidRequestException("correction needs two parts: code (the region) and value (a Quantity in cm3)");
    }
    return new Correction(region, cm3);
  }

  private static TumourRegion region(Type value) {
    String code;
    if (value instanceof Coding coding) {
      if (coding.hasSystem() && !NeuroFhirCanonical.CS_TUMOUR_REGION.equals(coding.getSystem())) {
        throw new UnprocessableEntityException("correction code: system " + coding.getSystem() + " is not "
            + NeuroFhirCanonical.CS_TUMOUR_REGION);
      }
      code = coding.getCode();
    } else if (value instanceof PrimitiveType<?> primitive) {
      code = primitive.getValueAsString();
    } else {
      throw new InvalidRequestException("correction code must be a code naming the region");
    }
    try {
      return TumourRegion.fromCode(code);
    } catch (IllegalArgumentException e) {
      throw new UnprocessableEntityException("correction code: unknown region '" + code + "'; known: "
          + java.util.Arrays.stream(TumourRegion.values()).map(TumourRegion::code).toList());
    }
  }

  private static BigDecimal cubicCentimetres(Type value) {
    BigDecimal v;
    if (value instanceof Quantity q) {
      boolean cm3 = (!q.hasSystem() || "http://unitsofmeasure.org".equals(q.getSystem()))
          && (!q.hasCode() || TumourVolumeMeasurement.UNIT_CM3.equals(q.getCode()))
          && (!q.hasUnit() || TumourVolumeMeasurement.UNIT_CM3.equals(q.getUnit()));
      if (!cm3) {
        throw new UnprocessableEntityException("correction value: volumes are in cm3 (UCUM cm3), got "
            + q.getUnit() + " / " + q.getCode());
      }
      v = q.getValue();
    } else if (value instanceof DecimalType d) {
      v = d.getValue();
    } else {
      throw new UnprocessableEntityException("correction value must be a Quantity in cm3, got "
          + (value == null ? "nothing" : value.fhirType()));
    }
    if (v == null) {
      throw new UnprocessableEntityException("correction value: no number given");
    }
    if (v.signum() < 0) {
      throw new UnprocessableEntityException("correction value: a volume cannot be negative (" + v.toPlainString() + ")");
    }
    return v;
  }

  private static String text(ParametersParameterComponent p, String name) {
    if (!(p.getValue() instanceof PrimitiveType<?> primitive) || primitive.getValueAsString() == null) {
      throw new InvalidRequestException("parameter " + name + " must be a code or string value");
    }
    return primitive.getValueAsString();
  }
}
