package org.neurofhir.server.record.treatment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationKnowledge;
import org.hl7.fhir.r4.model.Quantity;

/**
 * The largest single dose of each shipped medication ({@code MedicationKnowledge/med-*} in the conformance package,
 * {@code administrationGuidelines.dosage.dosage.maxDosePerAdministration}), by RxNorm code. Sanity limits against
 * a slipped decimal point, not prescribing guidance.
 */
final class DoseLimits {

  static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

  record Limit(String medication, Quantity maxPerAdministration) {}

  private final Map<String, Limit> byCode = new HashMap<>();

  DoseLimits(List<MedicationKnowledge> knowledge) {
    for (MedicationKnowledge mk : knowledge) {
      Coding code = mk.getCode().getCoding().stream().filter(c -> RXNORM.equals(c.getSystem())).findFirst().orElse(null);
      if (code == null) {
        continue;
      }
      mk.getAdministrationGuidelines().stream().flatMap(g -> g.getDosage().stream()).flatMap(d -> d.getDosage().stream())
          .filter(d -> d.hasMaxDosePerAdministration()).findFirst()
          .ifPresent(d -> byCode.put(code.getCode(), new Limit(code.getDisplay(), d.getMaxDosePerAdministration())));
    }
  }

  Optional<Limit> forCodes(List<Coding> codes) {
    return codes.stream().filter(c -> RXNORM.equals(c.getSystem())).map(c -> byCode.get(c.getCode()))
        .filter(java.util.Objects::nonNull).findFirst();
  }
}
