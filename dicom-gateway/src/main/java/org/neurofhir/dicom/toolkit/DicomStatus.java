package org.neurofhir.dicom.toolkit;

/** DIMSE status codes the gateway returns (PS3.4 Annex B.2.3, PS3.7 Annex C). */
public final class DicomStatus {
  public static final int SUCCESS = 0x0000;
  /** Refused: out of resources (disk full, store unavailable). */
  public static final int OUT_OF_RESOURCES = 0xA700;
  /** Error: data set does not match SOP class. */
  public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
  /** Error: cannot understand (missing or invalid required attributes, unreadable data set). */
  public static final int CANNOT_UNDERSTAND = 0xC000;
  /** Failure: processing failure. */
  public static final int PROCESSING_FAILURE = 0x0110;

  private DicomStatus() {}
}
