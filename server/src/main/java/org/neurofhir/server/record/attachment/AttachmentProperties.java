package org.neurofhir.server.record.attachment;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Documents in the patient's file (DocumentReference and the Binary it points to).
 *
 * @param allowedContentTypes the types a DocumentReference may hold; each must be one the server can recognise
 *     from its bytes (application/pdf, image/jpeg, image/png, application/dicom, application/x-nifti, text/plain)
 * @param maxSize largest document, decoded bytes (the request itself is capped by neurofhir.fhir.max-request-size)
 */
@ConfigurationProperties(prefix = "neurofhir.record.attachments")
public record AttachmentProperties(
    @DefaultValue({"application/pdf", "image/jpeg", "image/png", "application/dicom", "application/x-nifti", "text/plain"})
    List<String> allowedContentTypes,
    @DefaultValue("20MB") DataSize maxSize) {

  public AttachmentProperties {
    for (String type : allowedContentTypes) {
      if (AttachmentType.of(type).isEmpty()) {
        throw new IllegalArgumentException("neurofhir.record.attachments.allowed-content-types: '" + type
            + "' is not a type the server can recognise from its bytes");
      }
    }
  }

  boolean allows(AttachmentType type) {
    return allowedContentTypes.stream().anyMatch(t -> AttachmentType.base(t).equals(type.mimeType));
  }
}
