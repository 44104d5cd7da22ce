package org.neurofhir.profiles;

import java.math.BigDecimal;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Quantity;

/**
 * The fixed codes of a tumour volume Observation. Following HL7's DICOM SR imaging-measurement
 * mapping, Observation.code is the DICOM measurement concept (SNOMED CT 118565006 "Volume", the
 * concept name DICOM TID 1419 uses for a volume) and the segmented region goes in bodySite
 * ({@link TumourRegion#toBodySite()}).
 */
public final class TumourVolumeMeasurement {

  public static final String VOLUME_CODE = "118565006";
  public static final String VOLUME_DISPLAY = "Volume";
  public static final String UNIT_CM3 = "cm3";
  public static final String UNIT_PERCENT = "%";
  public static final String CATEGORY_IMAGING = "imaging";

  private TumourVolumeMeasurement() {}

  public static CodeableConcept code() {
    return new CodeableConcept(new Coding(NeuroFhirCanonical.SNOMED_CT, VOLUME_CODE, VOLUME_DISPLAY));
  }

  public static CodeableConcept imagingCategory() {
    return new CodeableConcept(new Coding(NeuroFhirCanonical.OBSERVATION_CATEGORY, CATEGORY_IMAGING, "Imaging"));
  }

  public static Quantity cubicCentimetres(BigDecimal value) {
    return ucum(value, UNIT_CM3);
  }

  public static Quantity percent(BigDecimal value) {
    return ucum(value, UNIT_PERCENT);
  }

  private static Quantity ucum(BigDecimal value, String unit) {
    Quantity q = new Quantity();
    q.setValue(value);
    q.setUnit(unit);
    q.setSystem(NeuroFhirCanonical.UCUM);
    q.setCode(unit);
    return q;
  }
}
