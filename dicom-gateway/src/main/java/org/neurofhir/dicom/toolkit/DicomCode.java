package org.neurofhir.dicom.toolkit;

/** A DICOM coded entry (Code Value, Coding Scheme Designator, Code Meaning). */
public record DicomCode(String value, String scheme, String meaning) {
  public DicomCode {
    if (value == null || value.isEmpty() || value.length() > 16) {
      throw new IllegalArgumentException("Code Value must have 1 to 16 characters: " + value);
    }
    if (scheme == null || scheme.isEmpty() || meaning == null || meaning.isEmpty()) {
      throw new IllegalArgumentException("code " + value + " needs a coding scheme and a meaning");
    }
  }
}
