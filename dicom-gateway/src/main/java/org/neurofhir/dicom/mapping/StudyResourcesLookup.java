package org.neurofhir.dicom.mapping;

import java.util.List;
import java.util.Optional;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.store.InstanceIndex;

/** FHIR resources for a stored study, built from the instance index. */
public class StudyResourcesLookup {
  private final InstanceIndex index;
  private final ImagingStudyMapper mapper;

  public StudyResourcesLookup(InstanceIndex index, ImagingStudyMapper mapper) {
    this.index = index;
    this.mapper = mapper;
  }

  /** Empty when no instance of the study is stored. */
  public Optional<StudyResources> forStudy(String studyInstanceUid) {
    List<IndexedInstance> instances = index.findByStudy(studyInstanceUid);
    return instances.isEmpty() ? Optional.empty() : Optional.of(mapper.map(instances));
  }
}
