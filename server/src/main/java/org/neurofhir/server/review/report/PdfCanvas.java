package org.neurofhir.server.review.report;

import java.awt.Color;
import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Text and lines on one PDF page in the 14 standard fonts (nothing to embed, nothing read from the host). Those fonts
 * only encode WinAnsi, so a name in another script would throw mid-report: what they cannot show is printed without
 * its accent, or as '?', and the report is still produced.
 */
final class PdfCanvas {

  static final PDFont REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  static final PDFont BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

  private final PDPageContentStream out;

  PdfCanvas(PDPageContentStream out) {
    this.out = out;
  }

  PDPageContentStream stream() {
    return out;
  }

  void text(String s, PDFont font, float size, float x, float y, Color colour) throws IOException {
    out.beginText();
    out.setFont(font, size);
    out.setNonStrokingColor(colour);
    out.newLineAtOffset(x, y);
    out.showText(printable(s, font));
    out.endText();
  }

  void text(String s, PDFont font, float size, float x, float y) throws IOException {
    text(s, font, size, x, y, Color.BLACK);
  }

  /** Right-aligned at {@code right}. */
  void textRight(String s, PDFont font, float size, float right, float y) throws IOException {
    text(s, font, size, right - width(s, font, size), y);
  }

  /**
   * Wrapped into {@code maxWidth}, and cut with a note above {@code minY} (a long conclusion must not print over the
   * footer); answers the baseline below the last line.
   */
  float paragraph(String s, PDFont font, float size, float x, float y, float maxWidth, float minY) throws IOException {
    float line = size * 1.3f;
    List<String> lines = wrap(s, font, size, maxWidth);
    int fits = Math.max(1, (int) ((y - minY) / line) + 1);
    for (int i = 0; i < lines.size(); i++) {
      if (i == fits - 1 && lines.size() > fits) {
        text("[...] continued in the FHIR DiagnosticReport's conclusion", PdfCanvas.BOLD, size, x, y);
        return y - line;
      }
      text(lines.get(i), font, size, x, y);
      y -= line;
    }
    return y;
  }

  void line(float x1, float y1, float x2, float y2, Color colour, float width) throws IOException {
    out.setStrokingColor(colour);
    out.setLineWidth(width);
    out.moveTo(x1, y1);
    out.lineTo(x2, y2);
    out.stroke();
  }

  void box(float x, float y, float w, float h, Color fill) throws IOException {
    out.setNonStrokingColor(fill);
    out.addRect(x, y, w, h);
    out.fill();
  }

  static float width(String s, PDFont font, float size) throws IOException {
    return font.getStringWidth(printable(s, font)) / 1000f * size;
  }

  static List<String> wrap(String s, PDFont font, float size, float maxWidth) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String paragraph : (s == null ? "" : s).split("\n")) {
      StringBuilder current = new StringBuilder();
      for (String word : paragraph.split(" +")) {
        String candidate = current.isEmpty() ? word : current + " " + word;
        if (width(candidate, font, size) <= maxWidth || current.isEmpty()) {
          current.setLength(0);
          current.append(candidate);
        } else {
          lines.add(current.toString());
          current.setLength(0);
          current.append(word);
        }
      }
      lines.add(current.toString());
    }
    return lines;
  }

  static String printable(String s, PDFont font) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      String c = Character.isISOControl(cp) ? " " : new String(Character.toChars(cp));
      if (encodes(font, c)) {
        b.append(c);
        return;
      }
      String plain = Normalizer.normalize(c, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
      b.append(!plain.isEmpty() && encodes(font, plain) ? plain : "?");
    });
    return b.toString();
  }

  private static boolean encodes(PDFont font, String c) {
    try {
      font.encode(c);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }
}
