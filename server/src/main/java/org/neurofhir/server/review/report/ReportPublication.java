package org.neurofhir.server.review.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Composition.CompositionStatus;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.neurofhir.profiles.SegmentationReportCoding;
import org.neurofhir.profiles.TumourRegion;

/**
 * Renders a segmentation report's PDF and the resources that publish it: the PDF as a Binary of the patient, named
 * by the report's {@code presentedForm} (application/pdf), a DocumentReference that files it in the patient's record
 * and a Composition for {@code Composition/{id}/$document}. Their ids derive from the report's, so each regeneration
 * writes a new version of the same three resources instead of new ones.
 */
public class ReportPublication {

  public static final String PDF = "application/pdf";
  static final String TITLE = "Brain tumour segmentation report";

  private final ReportContentsReader reader;
  private final SegmentationReportPdf pdf = new SegmentationReportPdf();

  ReportPublication(ReportContentsReader reader) {
    this.reader = reader;
  }

  /**
   * Draws the PDF of {@code report} as it is about to be stored (status, volumes, reviewer), replaces its PDF
   * presentedForm, and answers the Binary, DocumentReference and Composition to store in the same transaction.
   */
  public List<Resource> publish(DiagnosticReport report, Map<TumourRegion, Observation> volumes, Optional<Device> device) {
    String reportId = report.getIdElement().getIdPart();
    if (!report.hasIssued()) {
      report.setIssued(new Date());   // the profile requires it; the PDF and its document are dated by it
    }
    String base = "rpt-" + digest(reportId).substring(0, 40);
    byte[] bytes = pdf.render(reader.read(report, volumes, device),
        digest(reportId + "|" + report.getStatus().toCode() + "|" + report.getIssued().getTime())
            .substring(0, 32).getBytes(StandardCharsets.US_ASCII));
    Reference patient = new Reference(report.getSubject().getReference());

    Binary binary = new Binary();
    binary.setId(base + "-pdf");
    binary.setContentType(PDF);
    binary.setSecurityContext(patient.copy());
    binary.setData(bytes);

    Attachment attachment = new Attachment().setContentType(PDF).setUrl("Binary/" + binary.getIdPart())
        .setSize(bytes.length).setHash(sha1(bytes)).setTitle(TITLE + " (PDF)").setCreationElement(
            new org.hl7.fhir.r4.model.DateTimeType(report.getIssued()));
    report.getPresentedForm().removeIf(a -> PDF.equals(a.getContentType()));
    report.addPresentedForm(attachment);

    Reference author = author(report, volumes);
    Reference reportRef = new Reference("DiagnosticReport/" + reportId);

    DocumentReference document = new DocumentReference();
    document.setId(base + "-doc");
    document.setStatus(DocumentReferenceStatus.CURRENT);
    document.setDocStatus(DocumentReference.ReferredDocumentStatus.fromCode(compositionStatus(report).toCode()));
    document.setType(SegmentationReportCoding.code());
    document.addCategory(SegmentationReportCoding.radiologyCategory());
    document.setSubject(patient.copy());
    document.setDate(report.getIssued());
    document.addAuthor(author.copy());
    reviewer(report).ifPresent(r -> document.setAuthenticator(r.copy()));
    document.setDescription(TITLE + " (" + report.getStatus().toCode() + ")");
    document.addContent().setAttachment(attachment.copy());
    document.getContext().addRelated(reportRef.copy());

    Composition composition = new Composition();
    composition.setId(base + "-composition");
    composition.setStatus(compositionStatus(report));
    composition.setType(SegmentationReportCoding.code());
    composition.addCategory(SegmentationReportCoding.radiologyCategory());
    composition.setSubject(patient.copy());
    composition.setDate(report.getIssued());
    composition.addAuthor(author.copy());
    composition.setTitle(TITLE);
    reviewer(report).ifPresent(r -> composition.addAttester().setMode(Composition.CompositionAttestationMode.LEGAL)
        .setTime(report.getIssued()).setParty(r.copy()));
    Composition.SectionComponent findings = composition.addSection().setTitle("Findings")
        .setCode(SegmentationReportCoding.code());
    findings.addEntry(reportRef.copy());
    findings.setText(narrative(report.getConclusion()));
    composition.setText(narrative(TITLE + " (" + report.getStatus().toCode() + "): " + report.getConclusion()));
    return List.of(binary, document, composition);
  }

  /** The document's status: a withdrawn (rejected) report's document is one issued in error. */
  static CompositionStatus compositionStatus(DiagnosticReport report) {
    return switch (report.getStatus()) {
      case PRELIMINARY, REGISTERED, PARTIAL -> CompositionStatus.PRELIMINARY;
      case FINAL -> CompositionStatus.FINAL;
      case AMENDED, CORRECTED, APPENDED -> CompositionStatus.AMENDED;
      default -> CompositionStatus.ENTEREDINERROR;
    };
  }

  /** Who wrote the document: the validating clinician once reviewed, the model before. */
  private static Reference author(DiagnosticReport report, Map<TumourRegion, Observation> volumes) {
    return reviewer(report).orElseGet(() -> volumes.values().stream().filter(Observation::hasDevice).findFirst()
        .map(o -> new Reference(o.getDevice().getReference()))
        .orElse(new Reference().setDisplay("NeuroFHIR segmentation pipeline")));
  }

  private static Optional<Reference> reviewer(DiagnosticReport report) {
    if (report.getStatus() == DiagnosticReportStatus.PRELIMINARY || !report.hasResultsInterpreter()) {
      return Optional.empty();
    }
    return Optional.of(new Reference(report.getResultsInterpreter().get(report.getResultsInterpreter().size() - 1)
        .getReference()));
  }

  private static Narrative narrative(String text) {
    Narrative n = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
    n.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" + escape(text) + "</p></div>");
    return n;
  }

  private static String escape(String s) {
    return (s == null ? "" : s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Attachment.hash is base64 SHA-1 (FHIR R4). */
  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
