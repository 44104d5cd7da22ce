package org.neurofhir.server.record.attachment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.record.RefusedRecordEntry;

/**
 * Documents of the patient's file, on every storage write. A DocumentReference's attachments must be of an allowed
 * type, no larger than the limit, and their bytes (inline, or the {@code Binary/…} they point to) must be what the
 * type says; the server then records their size, SHA-1 ({@code Attachment.hash}, as R4 defines it) and SHA-256
 * (extension {@link NeuroFhirCanonical#EXT_ATTACHMENT_SHA256}), refusing values a client sent that do not match.
 * A Binary declared as one of those types is checked the same way when written, so an executable sent as
 * {@code application/pdf} is refused at upload. Binaries of other types (the pipeline's label maps) are stored as
 * before, but no DocumentReference can point at them.
 *
 * <p>Runs before HAPI's BinaryStorageInterceptor moves large data out of the resource (order 0).
 */
@Interceptor
public class DocumentContentChecks {

  private final AttachmentProperties props;
  private final IFhirResourceDao<Binary> binaries;
  private final IBinaryStorageSvc binaryStorage;

  DocumentContentChecks(AttachmentProperties props, IFhirResourceDao<Binary> binaries, IBinaryStorageSvc binaryStorage) {
    this.props = props;
    this.binaries = binaries;
    this.binaryStorage = binaryStorage;
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -100)
  public void created(IBaseResource resource, RequestDetails request) {
    if (resource instanceof Binary binary && binary.getData() == null && AttachmentType.of(binary.getContentType()).isPresent()) {
      throw new RefusedRecordEntry("Binary.data", "A " + binary.getContentType() + " document without content; nothing was stored");
    }
    check(resource, request);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -100)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    check(resource, request);
  }

  private void check(IBaseResource resource, RequestDetails request) {
    if (resource instanceof Binary binary && binary.getData() != null) {
      AttachmentType.of(binary.getContentType()).ifPresent(type -> checkBytes("Binary.data", type, binary.getData()));
    } else if (resource instanceof DocumentReference document && !isServersOwn(request)) {
      for (int i = 0; i < document.getContent().size(); i++) {
        check("DocumentReference.content[" + i + "].attachment", document.getContent().get(i).getAttachment());
      }
    }
  }

  /**
   * The server files its own documents (the report PDF) in the transaction that creates their Binary, which a read
   * cannot see yet; it states their size and hash itself. Its Binaries are still checked above.
   */
  private static boolean isServersOwn(RequestDetails request) {
    return request == null || request instanceof SystemRequestDetails;
  }

  private void check(String path, Attachment attachment) {
    if (!attachment.hasContentType()) {
      throw new RefusedRecordEntry(path + ".contentType", "A document needs its contentType; nothing was stored");
    }
    AttachmentType type = AttachmentType.of(attachment.getContentType()).filter(props::allows)
        .orElseThrow(() -> new RefusedRecordEntry(path + ".contentType", "Documents of type '"
            + AttachmentType.base(attachment.getContentType()) + "' are not accepted; allowed: "
            + String.join(", ", props.allowedContentTypes()) + "; nothing was stored", IssueType.NOTSUPPORTED));
    byte[] bytes = bytesOf(path, attachment, type);
    checkBytes(path + (attachment.hasData() ? ".data" : ".url"), type, bytes);
    if (attachment.hasSize() && attachment.getSize() != bytes.length) {
      throw new RefusedRecordEntry(path + ".size", "size says " + attachment.getSize() + " bytes, the document has "
          + bytes.length + "; nothing was stored");
    }
    attachment.setSize(bytes.length);
    byte[] sha1 = digest("SHA-1", bytes);
    if (attachment.hasHash() && !Arrays.equals(attachment.getHash(), sha1)) {
      throw new RefusedRecordEntry(path + ".hash", "hash is not the SHA-1 of the document; nothing was stored");
    }
    attachment.setHash(sha1);
    byte[] sha256 = digest("SHA-256", bytes);
    var sent = attachment.getExtensionByUrl(NeuroFhirCanonical.EXT_ATTACHMENT_SHA256);
    if (sent != null && !(sent.getValue() instanceof Base64BinaryType b && Arrays.equals(b.getValue(), sha256))) {
      throw new RefusedRecordEntry(path + ".extension", "the attachment-sha256 extension is not the SHA-256 of the "
          + "document; nothing was stored");
    }
    attachment.removeExtension(NeuroFhirCanonical.EXT_ATTACHMENT_SHA256);
    attachment.addExtension(NeuroFhirCanonical.EXT_ATTACHMENT_SHA256, new Base64BinaryType(sha256));
  }

  private byte[] bytesOf(String path, Attachment attachment, AttachmentType type) {
    if (attachment.hasData()) {
      return attachment.getData();
    }
    IdType url = attachment.hasUrl() ? new IdType(attachment.getUrl()) : null;
    if (url == null || !"Binary".equals(url.getResourceType()) || !url.hasIdPart() || url.hasBaseUrl()) {
      throw new RefusedRecordEntry(path, "A document is stored here: inline data, or a url Binary/[id] of this "
          + "server; nothing was stored");
    }
    Binary binary;
    try {
      binary = binaries.read(url.toUnqualifiedVersionless(), new SystemRequestDetails());
    } catch (BaseServerResponseException missing) {
      throw new RefusedRecordEntry(path + ".url", attachment.getUrl() + " does not exist; nothing was stored");
    }
    if (!type.mimeType.equals(AttachmentType.base(binary.getContentType()))) {
      throw new RefusedRecordEntry(path + ".contentType", "The attachment says " + type.mimeType + " but "
          + attachment.getUrl() + " is " + binary.getContentType() + "; nothing was stored");
    }
    try {
      byte[] bytes = binaryStorage.fetchDataByteArrayFromBinary(binary);
      return bytes == null ? new byte[0] : bytes;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + attachment.getUrl(), e);
    }
  }

  private void checkBytes(String path, AttachmentType type, byte[] bytes) {
    if (bytes.length > props.maxSize().toBytes()) {
      throw new PayloadTooLargeException("The document has " + bytes.length + " bytes; the limit is "
          + props.maxSize().toBytes() + " (neurofhir.record.attachments.max-size); nothing was stored");
    }
    if (!type.matches(bytes)) {
      throw new RefusedRecordEntry(path, "Declared " + type.mimeType + " but the content is not "
          + (type == AttachmentType.TEXT ? "UTF-8 text" : "a " + type.name() + " file") + "; nothing was stored");
    }
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }
}
