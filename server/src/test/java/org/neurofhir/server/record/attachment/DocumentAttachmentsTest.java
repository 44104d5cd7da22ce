package org.neurofhir.server.record.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.ServerTestBase;

/** Documents in the patient's file over HTTP as the doctor: allowed types, sniffing, size, hashes, download. */
class DocumentAttachmentsTest extends ServerTestBase {

  private static final String TAG = "https://neurofhir.org/fhir/sid/test-document";

  private String patient;
  private String tag;

  @BeforeEach
  void newPatient() {
    Patient p = new Patient();
    p.addName().setFamily(unique("Doc")).addGiven("Test");
    patient = client.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
    tag = unique("t");
  }

  private IGenericClient doctor() {
    return clientWithToken(tokenFor("doctor"));
  }

  private static byte[] pdf(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 9);
    return b;
  }

  private static byte[] exe() {
    byte[] b = new byte[4096];
    new Random(1).nextBytes(b);
    b[0] = 'M';
    b[1] = 'Z';
    return b;
  }

  private static byte[] niftiGz() throws Exception {
    byte[] header = new byte[352];
    ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(348);
    System.arraycopy(new byte[] {'n', '+', '1', 0}, 0, header, 344, 4);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(header);
      gz.write(new byte[1000]);
    }
    return out.toByteArray();
  }

  private HttpResponse<byte[]> postRaw(String contentType, byte[] body) throws Exception {
    return http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/Binary")), tokenFor("doctor"))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String idFrom(HttpResponse<?> created) {
    String location = created.headers().firstValue("Location").orElseThrow();
    return "Binary/" + location.replaceAll(".*/Binary/([^/]+).*", "$1");
  }

  private DocumentReference document(Attachment attachment) {
    DocumentReference d = new DocumentReference();
    d.setStatus(DocumentReferenceStatus.CURRENT);
    d.getMeta().addTag(TAG, tag, null);
    d.setSubject(new Reference(patient));
    d.addContent().setAttachment(attachment.setTitle("Letter"));
    return d;
  }

  private DocumentReference store(DocumentReference d) {
    var id = doctor().create().resource(d).execute().getId().toUnqualifiedVersionless();
    return client.read().resource(DocumentReference.class).withId(id).execute();
  }

  private int documentsStored() {
    return client.search().forResource(DocumentReference.class).withTag(TAG, tag).returnBundle(Bundle.class).execute()
        .getEntry().size();
  }

  private static byte[] sha(String algorithm, byte[] b) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(b);
  }

  private static void assertRefused(Runnable call, int status, String expression) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(BaseServerResponseException.class, e -> {
      assertThat(e.getStatusCode()).isEqualTo(status);
      OperationOutcome oo = (OperationOutcome) e.getOperationOutcome();
      assertThat(oo).isNotNull();
      if (expression != null) {
        assertThat(oo.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo(expression);
      }
    });
  }

  @Test
  void aPdfUploadedAsBinaryIsReferencedHashedAndDownloadedAsAFile() throws Exception {
    byte[] bytes = pdf(100_000);
    HttpResponse<byte[]> created = postRaw("application/pdf", bytes);
    assertThat(created.statusCode()).isEqualTo(201);
    String binary = idFrom(created);

    DocumentReference stored = store(document(new Attachment().setContentType("application/pdf").setUrl(binary)));
    Attachment a = stored.getContentFirstRep().getAttachment();
    assertThat(a.getSize()).isEqualTo(bytes.length);
    assertThat(a.getHash()).isEqualTo(sha("SHA-1", bytes));
    assertThat(((Base64BinaryType) a.getExtensionByUrl(NeuroFhirCanonical.EXT_ATTACHMENT_SHA256).getValue()).getValue())
        .isEqualTo(sha("SHA-256", bytes));

    HttpResponse<byte[]> download = http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + binary)),
        tokenFor("doctor")).header("Accept", "application/pdf").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
    // HAPI sends raw Binaries as attachments: a browser saves the file instead of rendering it on the API's origin
    assertThat(download.headers().allValues("Content-Disposition")).singleElement()
        .satisfies(d -> assertThat(d.toLowerCase(java.util.Locale.ROOT)).startsWith("attachment"));
    assertThat(download.body()).isEqualTo(bytes);

    // as FHIR JSON it is a resource, not a file
    HttpResponse<String> json = http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + binary)),
        tokenFor("doctor")).header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(json.headers().firstValue("Content-Disposition")).isEmpty();
  }

  @Test
  void inlineDocumentsOfEveryAllowedKindAreAccepted() throws Exception {
    byte[] dicom = new byte[400];
    System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, dicom, 128, 4);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16};
    Object[][] kinds = {{"application/pdf", pdf(2000)}, {"image/png", png}, {"image/jpeg", jpeg},
        {"application/dicom", dicom}, {"application/x-nifti", niftiGz()},
        {"text/plain; charset=utf-8", "Referral letter: headaches since March. Größe 1,80 m".getBytes(StandardCharsets.UTF_8)}};
    for (Object[] k : kinds) {
      DocumentReference stored = store(document(new Attachment().setContentType((String) k[0]).setData((byte[]) k[1])));
      assertThat(stored.getContentFirstRep().getAttachment().getHash()).as((String) k[0]).isEqualTo(sha("SHA-1", (byte[]) k[1]));
    }
    assertThat(documentsStored()).isEqualTo(kinds.length);
  }

  @Test
  void anExecutableLabelledPdfIsRefusedAtUploadAndInADocument() throws Exception {
    HttpResponse<byte[]> upload = postRaw("application/pdf", exe());
    assertThat(upload.statusCode()).isEqualTo(422);
    assertThat(new String(upload.body(), StandardCharsets.UTF_8)).contains("OperationOutcome").contains("not a PDF");

    assertThat(postRaw("application/pdf", new byte[0]).statusCode()).isBetween(400, 422);
    assertRefused(() -> doctor().create().resource(new Binary().setContentType("application/pdf")).execute(), 422, "Binary.data");
    assertRefused(() -> doctor().create().resource(
        document(new Attachment().setContentType("application/pdf").setData(exe()))).execute(),
        422, "DocumentReference.content[0].attachment.data");
    // a PNG that is a JPEG is mis-typed too
    assertRefused(() -> doctor().create().resource(document(new Attachment().setContentType("image/png")
        .setData(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}))).execute(), 422, null);
    // text that is not UTF-8 or holds control characters
    assertRefused(() -> doctor().create().resource(document(new Attachment().setContentType("text/plain")
        .setData(new byte[] {'a', 0, 'b'}))).execute(), 422, null);
    assertThat(documentsStored()).isZero();
  }

  @Test
  void aBinaryOfAnotherTypeCannotBecomeADocument() throws Exception {
    // stored as a generic Binary (the pipeline's label maps are such), but never as a PDF of the patient's file
    HttpResponse<byte[]> upload = postRaw("application/octet-stream", exe());
    assertThat(upload.statusCode()).isEqualTo(201);
    String binary = idFrom(upload);
    assertRefused(() -> doctor().create().resource(
        document(new Attachment().setContentType("application/pdf").setUrl(binary))).execute(),
        422, "DocumentReference.content[0].attachment.contentType");
    assertRefused(() -> doctor().create().resource(
        document(new Attachment().setContentType("application/octet-stream").setUrl(binary))).execute(), 422, null);
    assertThat(documentsStored()).isZero();
  }

  @Test
  void typesOutsideTheAllowListAndForeignUrlsAreRefused() {
    for (String type : new String[] {"application/x-msdownload", "text/html", "image/svg+xml"}) {
      assertThatThrownBy(() -> doctor().create().resource(document(new Attachment().setContentType(type)
          .setData("<svg onload=alert(1)>".getBytes(StandardCharsets.UTF_8)))).execute())
          .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(
              ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getCode())
              .isEqualTo(OperationOutcome.IssueType.NOTSUPPORTED));
    }
    assertRefused(() -> doctor().create().resource(document(new Attachment().setContentType("application/pdf")
        .setUrl("https://evil.example/x.pdf"))).execute(), 422, "DocumentReference.content[0].attachment");
    assertRefused(() -> doctor().create().resource(document(new Attachment().setContentType("application/pdf")
        .setUrl("Binary/does-not-exist"))).execute(), 422, "DocumentReference.content[0].attachment.url");
    assertRefused(() -> doctor().create().resource(document(new Attachment().setData(pdf(100)))).execute(),
        422, "DocumentReference.content[0].attachment.contentType");
    assertThat(documentsStored()).isZero();
  }

  @Test
  void anOversizeDocumentIsRefusedWith413() throws Exception {
    // the test profile's limit is 512 KB, under the 2 MB request limit
    HttpResponse<byte[]> upload = postRaw("application/pdf", pdf(600_000));
    assertThat(upload.statusCode()).isEqualTo(413);
    assertThat(new String(upload.body(), StandardCharsets.UTF_8)).contains("OperationOutcome");
    assertRefused(() -> doctor().create().resource(document(new Attachment().setContentType("application/pdf")
        .setData(pdf(600_000)))).execute(), 413, null);
    assertThat(documentsStored()).isZero();
  }

  @Test
  void aHashThatIsNotTheDocumentsIsRefused() throws Exception {
    Attachment wrongSha1 = new Attachment().setContentType("application/pdf").setData(pdf(500)).setHash(sha("SHA-1", pdf(501)));
    assertRefused(() -> doctor().create().resource(document(wrongSha1)).execute(), 422,
        "DocumentReference.content[0].attachment.hash");
    Attachment wrongSha256 = new Attachment().setContentType("application/pdf").setData(pdf(500));
    wrongSha256.addExtension(NeuroFhirCanonical.EXT_ATTACHMENT_SHA256, new Base64BinaryType(sha("SHA-256", pdf(501))));
    assertRefused(() -> doctor().create().resource(document(wrongSha256)).execute(), 422, null);
    Attachment wrongSize = new Attachment().setContentType("application/pdf").setData(pdf(500)).setSize(499);
    assertRefused(() -> doctor().create().resource(document(wrongSize)).execute(), 422, null);
    assertThat(documentsStored()).isZero();

    // the right ones are kept
    Attachment right = new Attachment().setContentType("application/pdf").setData(pdf(500)).setHash(sha("SHA-1", pdf(500)));
    right.addExtension(NeuroFhirCanonical.EXT_ATTACHMENT_SHA256, new Base64BinaryType(sha("SHA-256", pdf(500))));
    assertThat(store(document(right)).getContentFirstRep().getAttachment()
        .getExtensionsByUrl(NeuroFhirCanonical.EXT_ATTACHMENT_SHA256)).hasSize(1);
  }
}
