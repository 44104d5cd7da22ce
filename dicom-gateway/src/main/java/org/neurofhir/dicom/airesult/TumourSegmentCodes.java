package org.neurofhir.dicom.airesult;

import org.neurofhir.dicom.toolkit.DicomCode;
import org.neurofhir.dicom.toolkit.PrivateCodingScheme;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.TumourRegion;

/**
 * DICOM codes of our tumour regions. The segment type is the very code our FHIR Observations carry
 * ({@link NeuroFhirCanonical#CS_TUMOUR_REGION}) under a private designator, so a SEG segment, its SR
 * measurement and the Observation name one concept; SNOMED CT has no concept for these sub-regions.
 */
public final class TumourSegmentCodes {
  /** Private coding scheme designator (PS3.3 8.2: "99" prefix) for the tumour-region CodeSystem. */
  public static final String DESIGNATOR = "99NEUROFHIR";
  public static final PrivateCodingScheme SCHEME = new PrivateCodingScheme(DESIGNATOR,
      "NeuroFHIR tumour region, FHIR CodeSystem " + NeuroFhirCanonical.CS_TUMOUR_REGION, "NeuroFHIR");
  public static final DicomCode MORPHOLOGICALLY_ALTERED_STRUCTURE =
      new DicomCode("49755003", "SCT", "Morphologically Altered Structure");
  public static final DicomCode BRAIN = new DicomCode("12738006", "SCT", "Brain");
  /** LOINC "MR Brain" as the procedure the report is about. */
  public static final DicomCode MR_BRAIN = new DicomCode("24590-2", "LN", "MR Brain");

  private TumourSegmentCodes() {}

  public static DicomCode of(TumourRegion region) {
    return new DicomCode(region.code(), DESIGNATOR, region.display());
  }

  public static TumourRegion regionOf(DicomCode code) {
    if (code == null || !DESIGNATOR.equals(code.scheme())) throw new IllegalArgumentException("not a tumour-region code: " + code);
    return TumourRegion.fromCode(code.value());
  }

  /** CIELab (PS3.3 C.10.7.1.1 scaling) of the overlay colours the FHIR report's PNG uses: red, green, blue. */
  public static int[] cieLab(TumourRegion region) {
    return switch (region) {
      case NECROTIC_CORE -> new int[] {34885, 53485, 50171};
      case OEDEMA -> new int[] {57470, 8542, 53528};
      case ENHANCING_TUMOUR -> new int[] {21169, 53249, 5175};
      default -> null;
    };
  }
}
