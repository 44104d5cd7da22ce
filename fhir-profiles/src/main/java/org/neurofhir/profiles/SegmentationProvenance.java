package org.neurofhir.profiles;

import java.util.Date;
import java.util.Objects;
import org.hl7.fhir.r4.model.Reference;

/** Where a segmentation result comes from: whose study, which study, which model, when the images were taken. */
public record SegmentationProvenance(Reference patient, Reference imagingStudy, Reference aiModel, Date effective) {
  public SegmentationProvenance {
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(imagingStudy, "imagingStudy");
    Objects.requireNonNull(aiModel, "aiModel");
    Objects.requireNonNull(effective, "effective");
  }
}
