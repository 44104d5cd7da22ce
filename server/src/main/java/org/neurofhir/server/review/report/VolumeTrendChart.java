package org.neurofhir.server.review.report;

import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.neurofhir.profiles.TumourRegion;

/**
 * Volume per region over the patient's reviewed studies, drawn as PDF vector lines (sharp when printed or zoomed):
 * x is the study date to scale (a long gap between scans shows as one), y the volume in cm3 from zero.
 */
final class VolumeTrendChart {

  /** Region colours; the three labelled regions keep the overlay's colours (model.json). */
  static final Map<TumourRegion, Color> COLOURS = Map.of(
      TumourRegion.WHOLE_TUMOUR, new Color(0x33, 0x33, 0x33),
      TumourRegion.TUMOUR_CORE, new Color(0xE0, 0x8A, 0x00),
      TumourRegion.ENHANCING_TUMOUR, new Color(0x00, 0x00, 0xFF),
      TumourRegion.NECROTIC_CORE, new Color(0xFF, 0x00, 0x00),
      TumourRegion.OEDEMA, new Color(0x00, 0xA0, 0x00));

  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final float AXIS_LEFT = 36;
  private static final float AXIS_BOTTOM = 28;
  private static final float LEGEND = 16;

  private VolumeTrendChart() {}

  static void draw(PdfCanvas c, List<ReportContents.TrendPoint> points, float x, float y, float w, float h)
      throws IOException {
    float left = x + AXIS_LEFT;
    float bottom = y + AXIS_BOTTOM;
    float width = w - AXIS_LEFT - 8;
    float height = h - AXIS_BOTTOM - LEGEND;
    if (points.isEmpty()) {
      c.text("No study with volumes to chart.", PdfCanvas.REGULAR, 9, left, bottom + height / 2);
      return;
    }
    double max = points.stream().flatMap(p -> p.volumesCm3().values().stream()).mapToDouble(BigDecimal::doubleValue)
        .max().orElse(1);
    double step = niceStep(max);
    double top = Math.max(step, Math.ceil(max / step) * step);
    for (double v = 0; v <= top + 1e-9; v += step) {
      float yy = (float) (bottom + v / top * height);
      c.line(left, yy, left + width, yy, GRID, 0.5f);
      c.textRight(format(v), PdfCanvas.REGULAR, 7, left - 3, yy - 2.5f);
    }
    c.line(left, bottom, left + width, bottom, Color.BLACK, 0.8f);
    c.line(left, bottom, left, bottom + height, Color.BLACK, 0.8f);
    c.text("cm3", PdfCanvas.REGULAR, 7, x, bottom + height + 4);

    long first = points.get(0).date().toEpochDay();
    long span = Math.max(1, ChronoUnit.DAYS.between(points.get(0).date(), points.get(points.size() - 1).date()));
    float[] xs = new float[points.size()];
    float lastLabel = -1000;
    for (int i = 0; i < points.size(); i++) {
      xs[i] = points.size() == 1 ? left + width / 2
          : left + 6 + (width - 12) * (points.get(i).date().toEpochDay() - first) / (float) span;
      c.line(xs[i], bottom, xs[i], bottom - 3, Color.BLACK, 0.8f);
      // dates closer than a label's width would print over each other; the last (this study) always shows
      if (xs[i] - lastLabel > 48 || i == points.size() - 1) {
        String label = points.get(i).date().toString();
        c.text(label, points.get(i).current() ? PdfCanvas.BOLD : PdfCanvas.REGULAR, 7,
            xs[i] - PdfCanvas.width(label, PdfCanvas.REGULAR, 7) / 2, bottom - 12);
        lastLabel = xs[i];
      }
    }
    float legendX = left;
    for (TumourRegion region : ReportOrder.REGIONS) {
      Color colour = COLOURS.get(region);
      Float prevX = null;
      Float prevY = null;
      for (int i = 0; i < points.size(); i++) {
        BigDecimal v = points.get(i).volumesCm3().get(region);
        if (v == null) {
          continue;
        }
        float yy = (float) (bottom + v.doubleValue() / top * height);
        if (prevX != null) {
          c.line(prevX, prevY, xs[i], yy, colour, 1.2f);
        }
        float r = points.get(i).current() ? 2.6f : 1.8f;
        c.box(xs[i] - r, yy - r, 2 * r, 2 * r, colour);
        prevX = xs[i];
        prevY = yy;
      }
      c.box(legendX, y + h - 9, 8, 8, colour);
      String name = region.display();
      c.text(name, PdfCanvas.REGULAR, 7, legendX + 11, y + h - 8);
      legendX += 11 + PdfCanvas.width(name, PdfCanvas.REGULAR, 7) + 12;
    }
  }

  /** The chart in words: whole-tumour volume per study (a reader, and a text extractor, get the figures). */
  static String summary(List<ReportContents.TrendPoint> points) {
    StringBuilder s = new StringBuilder("Whole tumour (cm3) by study: ");
    for (int i = 0; i < points.size(); i++) {
      BigDecimal v = points.get(i).volumesCm3().get(TumourRegion.WHOLE_TUMOUR);
      s.append(i == 0 ? "" : "; ").append(points.get(i).date()).append(' ').append(v == null ? "-" : v.toPlainString())
          .append(points.get(i).current() ? " (this study)" : "");
    }
    return points.isEmpty() ? "" : s.toString();
  }

  /** 1, 2 or 5 times a power of ten, giving four to eight grid lines. */
  static double niceStep(double max) {
    double raw = Math.max(max, 1e-6) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / magnitude;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
  }

  private static String format(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
