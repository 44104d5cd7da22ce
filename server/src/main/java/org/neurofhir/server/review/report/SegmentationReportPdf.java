package org.neurofhir.server.review.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * The illustrated report a clinician signs: A4, page 1 the findings (who, which study, which model, volumes with the
 * change versus the prior study, the trend, the conclusion, the review), page 2 the overlay montage.
 */
final class SegmentationReportPdf {

  private static final float MARGIN = 40;
  private static final float PAGE_W = PDRectangle.A4.getWidth();
  private static final float PAGE_H = PDRectangle.A4.getHeight();
  private static final float CONTENT_W = PAGE_W - 2 * MARGIN;
  private static final Color MUTED = new Color(0x55, 0x55, 0x55);
  private static final Color WARNING = new Color(0xB0, 0x00, 0x20);

  byte[] render(ReportContents r, byte[] documentId) {
    try (PDDocument doc = new PDDocument()) {
      doc.getDocumentInformation().setTitle("Brain tumour segmentation report - " + r.patient().name());
      doc.getDocumentInformation().setCreator(r.clinic().name());
      String generated = r.issued();
      // a fixed trailer ID (PDFBox would derive one from the clock): the same report version renders the same bytes
      COSArray id = new COSArray();
      id.add(new COSString(documentId));
      id.add(new COSString(documentId));
      doc.getDocument().getTrailer().setItem(COSName.ID, id);
      PDPage first = new PDPage(PDRectangle.A4);
      doc.addPage(first);
      try (PDPageContentStream s = new PDPageContentStream(doc, first)) {
        PdfCanvas c = new PdfCanvas(s);
        float y = header(doc, c, r);
        y = status(c, r, y);
        y = identity(c, r, y);
        y = volumes(c, r.volumes(), y);
        c.text("Volume trend over the patient's reviewed studies", PdfCanvas.BOLD, 10, MARGIN, y);
        VolumeTrendChart.draw(c, r.trend(), MARGIN, y - 175, CONTENT_W, 168);
        c.paragraph(VolumeTrendChart.summary(r.trend()), PdfCanvas.REGULAR, 7.5f, MARGIN, y - 188, CONTENT_W, y - 200);
        y -= 212;
        c.text("Conclusion", PdfCanvas.BOLD, 10, MARGIN, y);
        c.paragraph(r.conclusion(), PdfCanvas.REGULAR, 9, MARGIN, y - 13, CONTENT_W, MARGIN + 6);
        footer(c, 1, generated);
      }
      PDPage second = new PDPage(PDRectangle.A4);
      doc.addPage(second);
      try (PDPageContentStream s = new PDPageContentStream(doc, second)) {
        PdfCanvas c = new PdfCanvas(s);
        montage(doc, c, r);
        footer(c, 2, generated);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("segmentation report PDF could not be written", e);
    }
  }

  private static float header(PDDocument doc, PdfCanvas c, ReportContents r) throws IOException {
    float top = PAGE_H - MARGIN;
    c.text(r.clinic().name(), PdfCanvas.BOLD, 16, MARGIN, top - 14);
    if (!r.clinic().address().isBlank()) {
      c.text(r.clinic().address(), PdfCanvas.REGULAR, 9, MARGIN, top - 28, MUTED);
    }
    float headerHeight = r.clinic().address().isBlank() ? 20 : 32;
    if (r.clinic().logo().isPresent()) {
      PDImageXObject logo = PDImageXObject.createFromByteArray(doc, r.clinic().logo().get(), "logo");
      float scale = Math.min(140f / logo.getWidth(), 44f / logo.getHeight());
      float w = logo.getWidth() * scale;
      float h = logo.getHeight() * scale;
      c.stream().drawImage(logo, PAGE_W - MARGIN - w, top - h, w, h);
      headerHeight = Math.max(headerHeight, h);
    }
    float line = top - headerHeight - 6;
    c.line(MARGIN, line, PAGE_W - MARGIN, line, Color.GRAY, 0.8f);
    c.text("Brain tumour segmentation report (AI-assisted MRI volumetry)", PdfCanvas.BOLD, 13, MARGIN, line - 18);
    return line - 30;
  }

  private static float status(PdfCanvas c, ReportContents r, float y) throws IOException {
    ReportContents.ReviewLine review = r.review();
    String by = review.reviewer().map(n -> " by " + n).orElse("") + review.date().map(d -> " on " + d).orElse("");
    String text;
    Color colour;
    switch (review.status()) {
      case PRELIMINARY -> {
        text = "PRELIMINARY - automated result, not yet validated by a clinician";
        colour = new Color(0xC0, 0x60, 0x00);
      }
      case FINAL -> {
        text = "FINAL - validated" + by;
        colour = new Color(0x1B, 0x7A, 0x2E);
      }
      case AMENDED, CORRECTED -> {
        text = "AMENDED - corrected after validation" + by;
        colour = new Color(0x1F, 0x4E, 0xA8);
      }
      default -> {
        text = "REJECTED - withdrawn on clinician review" + by + "; do not use these volumes";
        colour = WARNING;
      }
    }
    c.box(MARGIN, y - 20, CONTENT_W, 18, colour);
    c.text("Review status: " + text, PdfCanvas.BOLD, 9.5f, MARGIN + 6, y - 14, Color.WHITE);
    y -= 28;
    if (r.model().notForClinicalUse()) {
      c.text("NOT FOR CLINICAL USE", PdfCanvas.BOLD, 11, MARGIN, y - 10, WARNING);
      c.text("- the model's intended use excludes diagnosis or treatment decisions.", PdfCanvas.REGULAR, 9,
          MARGIN + 136, y - 10, WARNING);
      y -= 20;
    }
    return y;
  }

  private static float identity(PdfCanvas c, ReportContents r, float y) throws IOException {
    float col2 = MARGIN + CONTENT_W / 2 + 10;
    float top = y - 4;
    y = heading(c, "Patient", MARGIN, top);
    y = field(c, "Name", r.patient().name(), MARGIN, y);
    y = field(c, "MRN", r.patient().mrn(), MARGIN, y);
    y = field(c, "Birth date", r.patient().birthDate(), MARGIN, y);
    float left = field(c, "Sex", r.patient().sex(), MARGIN, y);
    y = heading(c, "Study", col2, top);
    y = field(c, "Date", r.study().date(), col2, y);
    y = field(c, "Accession", r.study().accession(), col2, y);
    List<String> series = r.study().series().isEmpty() ? List.of("(not recorded)") : r.study().series();
    y = field(c, "Series used", series.get(0), col2, y);
    for (String s : series.subList(1, series.size())) {
      y = field(c, "", s, col2, y);
    }
    y = Math.min(left, y) - 4;
    y = heading(c, "Model", MARGIN, y);
    y = field(c, "Model", r.model().id() + "  version " + r.model().version(), MARGIN, y);
    List<String> use = PdfCanvas.wrap(r.model().intendedUse().isBlank() ? "(not stated)" : r.model().intendedUse(),
        PdfCanvas.REGULAR, 9, CONTENT_W - 70);
    for (int i = 0; i < use.size(); i++) {
      y = field(c, i == 0 ? "Intended use" : "", use.get(i), MARGIN, y);
    }
    return y - 6;
  }

  private static float heading(PdfCanvas c, String title, float x, float y) throws IOException {
    c.text(title, PdfCanvas.BOLD, 10, x, y - 10);
    return y - 24;
  }

  private static float field(PdfCanvas c, String label, String value, float x, float y) throws IOException {
    c.text(label, PdfCanvas.BOLD, 8, x, y, MUTED);
    c.text(value, PdfCanvas.REGULAR, 9, x + 70, y);
    return y - 12;
  }

  private static float volumes(PdfCanvas c, List<ReportContents.VolumeRow> rows, float y) throws IOException {
    c.text("Volumes", PdfCanvas.BOLD, 10, MARGIN, y - 10);
    y -= 26;
    float[] right = {0, 300, 375, 445, CONTENT_W};
    String[] head = {"Region", "Volume (cm3)", "Prior (cm3)", "Change (cm3)", "Change (%)"};
    c.box(MARGIN, y - 4, CONTENT_W, 14, new Color(0xEE, 0xEE, 0xEE));
    c.text(head[0], PdfCanvas.BOLD, 8.5f, MARGIN + 4, y);
    for (int i = 1; i < head.length; i++) {
      c.textRight(head[i], PdfCanvas.BOLD, 8.5f, MARGIN + right[i] - 4, y);
    }
    y -= 15;
    for (ReportContents.VolumeRow row : rows) {
      c.box(MARGIN + 4, y - 0.5f, 7, 7, VolumeTrendChart.COLOURS.get(row.region()));
      c.text(row.region().display(), PdfCanvas.REGULAR, 9, MARGIN + 15, y);
      c.textRight(plain(row.cm3()), PdfCanvas.BOLD, 9, MARGIN + right[1] - 4, y);
      c.textRight(plain(row.priorCm3()), PdfCanvas.REGULAR, 9, MARGIN + right[2] - 4, y);
      c.textRight(signed(row.changeCm3()), PdfCanvas.REGULAR, 9, MARGIN + right[3] - 4, y);
      c.textRight(signed(row.changePercent()), PdfCanvas.REGULAR, 9, MARGIN + right[4] - 4, y);
      c.line(MARGIN, y - 4, MARGIN + CONTENT_W, y - 4, new Color(0xDD, 0xDD, 0xDD), 0.5f);
      y -= 14;
    }
    if (rows.stream().allMatch(row -> row.priorCm3() == null)) {
      // the pipeline records the change only against a prior it compared with; say what is missing, not why
      c.text("No comparison with a prior study recorded for these volumes.", PdfCanvas.REGULAR, 8, MARGIN, y, MUTED);
      y -= 12;
    }
    return y - 10;
  }

  private static void montage(PDDocument doc, PdfCanvas c, ReportContents r) throws IOException {
    float top = PAGE_H - MARGIN;
    c.text("Segmentation overlay - " + r.patient().name() + ", MRN " + r.patient().mrn() + ", study " + r.study().date(),
        PdfCanvas.BOLD, 11, MARGIN, top - 12);
    Optional<byte[]> png = r.montagePng();
    if (png.isEmpty()) {
      c.text("No overlay image was stored with this report.", PdfCanvas.REGULAR, 9, MARGIN, top - 34);
      return;
    }
    PDImageXObject image;
    try {
      image = PDImageXObject.createFromByteArray(doc, png.get(), "overlay.png");
    } catch (IOException | IllegalArgumentException e) {
      // the report is still worth printing without its picture; the reader is told why it is missing
      c.text("The overlay image stored with this report could not be read (" + e.getMessage() + ").",
          PdfCanvas.REGULAR, 9, MARGIN, top - 34, WARNING);
      return;
    }
    float scale = Math.min(CONTENT_W / image.getWidth(), (PAGE_H - 2 * MARGIN - 90) / image.getHeight());
    float w = image.getWidth() * scale;
    float h = image.getHeight() * scale;
    c.stream().drawImage(image, MARGIN + (CONTENT_W - w) / 2, top - 24 - h, w, h);
    c.paragraph("Axial slices evenly spread through the tumour, labels blended over FLAIR in the colours of the legend. "
        + "Each image carries its orientation letters (patient Right/Left, Anterior/Posterior) and its slice number and "
        + "position; the convention (radiological: patient's right on the image left) is printed on the image.",
        PdfCanvas.REGULAR, 8.5f, MARGIN, top - 38 - h, CONTENT_W, MARGIN + 6);
  }

  private static void footer(PdfCanvas c, int page, String generated) throws IOException {
    c.line(MARGIN, MARGIN - 6, PAGE_W - MARGIN, MARGIN - 6, Color.LIGHT_GRAY, 0.5f);
    c.text("Issued " + generated + "; drawn by NeuroFHIR from the stored FHIR report; the FHIR DiagnosticReport is the "
        + "record of truth.", PdfCanvas.REGULAR, 7, MARGIN, MARGIN - 16, MUTED);
    c.textRight("Page " + page + " of 2", PdfCanvas.REGULAR, 7, PAGE_W - MARGIN, MARGIN - 16);
  }

  private static String plain(BigDecimal v) {
    return v == null ? "-" : v.toPlainString();
  }

  private static String signed(BigDecimal v) {
    return v == null ? "-" : (v.signum() > 0 ? "+" : "") + v.toPlainString();
  }
}
