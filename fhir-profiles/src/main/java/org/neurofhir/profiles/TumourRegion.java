package org.neurofhir.profiles;

import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * Brain-tumour sub-regions (BraTS convention); codes of {@link NeuroFhirCanonical#CS_TUMOUR_REGION}.
 * The SNOMED CT counterpart, where one exists, is a wider morphology concept (ConceptMap
 * tumour-region-to-snomed): SNOMED CT has no concept for a segmented MR sub-region.
 */
public enum TumourRegion implements CodedConcept {
  NECROTIC_CORE("necrotic-core", "Necrotic / non-enhancing tumour core", "6574001", "Necrosis"),
  OEDEMA("oedema", "Peritumoral oedema", "79654002", "Edema"),
  ENHANCING_TUMOUR("enhancing-tumour", "Enhancing tumour", null, null),
  WHOLE_TUMOUR("whole-tumour", "Whole tumour", "108369006", "Neoplasm"),
  TUMOUR_CORE("tumour-core", "Tumour core", null, null);

  private final String code;
  private final String display;
  private final String snomedCode;
  private final String snomedDisplay;

  TumourRegion(String code, String display, String snomedCode, String snomedDisplay) {
    this.code = code;
    this.display = display;
    this.snomedCode = snomedCode;
    this.snomedDisplay = snomedDisplay;
  }

  @Override
  public String system() { return NeuroFhirCanonical.CS_TUMOUR_REGION; }

  @Override
  public String code() { return code; }

  @Override
  public String display() { return display; }

  /** The wider SNOMED CT morphology concept, if SNOMED CT has one. */
  public Optional<Coding> snomedCoding() {
    return snomedCode == null
        ? Optional.empty()
        : Optional.of(new Coding(NeuroFhirCanonical.SNOMED_CT, snomedCode, snomedDisplay));
  }

  /** Observation.bodySite of a tumour volume Observation: our code first, SNOMED CT beside it where mapped. */
  public CodeableConcept toBodySite() {
    CodeableConcept site = toCodeableConcept();
    snomedCoding().ifPresent(site::addCoding);
    site.setText(display);
    return site;
  }

  public static TumourRegion fromCode(String code) {
    for (TumourRegion r : values()) {
      if (r.code.equals(code)) return r;
    }
    throw new IllegalArgumentException("Unknown tumour region code: " + code);
  }
}
