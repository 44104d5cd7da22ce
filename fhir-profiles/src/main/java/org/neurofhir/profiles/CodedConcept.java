package org.neurofhir.profiles;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** A code of one of our code systems; the enums of this package implement it so callers build codings one way. */
public interface CodedConcept {

  String system();

  String code();

  String display();

  default Coding toCoding() {
    return new Coding(system(), code(), display());
  }

  default CodeableConcept toCodeableConcept() {
    return new CodeableConcept(toCoding());
  }

  /** True when the coding carries this concept's system and code. */
  default boolean matches(Coding coding) {
    return coding != null && system().equals(coding.getSystem()) && code().equals(coding.getCode());
  }
}
