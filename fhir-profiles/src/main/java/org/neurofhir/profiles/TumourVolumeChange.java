package org.neurofhir.profiles;

/** Component codes of a tumour volume's change versus the prior study; codes of {@link NeuroFhirCanonical#CS_TUMOUR_VOLUME_CHANGE}. */
public enum TumourVolumeChange implements CodedConcept {
  /** Current minus prior volume, in cm3. */
  ABSOLUTE("volume-change", "Volume change versus prior", TumourVolumeMeasurement.UNIT_CM3),
  /** (current - prior) / prior x 100, in %. */
  PERCENT("volume-change-percent", "Volume change versus prior, percent", TumourVolumeMeasurement.UNIT_PERCENT);

  private final String code;
  private final String display;
  private final String ucumUnit;

  TumourVolumeChange(String code, String display, String ucumUnit) {
    this.code = code;
    this.display = display;
    this.ucumUnit = ucumUnit;
  }

  @Override
  public String system() { return NeuroFhirCanonical.CS_TUMOUR_VOLUME_CHANGE; }

  @Override
  public String code() { return code; }

  @Override
  public String display() { return display; }

  /** The UCUM unit the component's valueQuantity must carry. */
  public String ucumUnit() { return ucumUnit; }
}
