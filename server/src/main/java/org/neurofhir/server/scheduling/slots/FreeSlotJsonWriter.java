package org.neurofhir.server.scheduling.slots;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.neurofhir.profiles.ConsultationMode;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * Writes {@link FreeSlotBundle}'s Bundle as FHIR JSON straight from the computed slots, element for element in the
 * order HAPI writes them. Why not HAPI's encoder: it visits every element of every resource (contained-resource and
 * emptiness checks), which for a 4-week answer of 4,000 Slots was two thirds of the request's time
 * (bench/scheduling/results/2026-12-07-*); these Slots are built here and have a fixed shape, so nothing needs it.
 * FindFormatsTest holds the two writers to the same resources.
 */
final class FreeSlotJsonWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private FreeSlotJsonWriter() {}

  static void write(List<FreeSlot> free, OutputStream out, boolean pretty) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      g.writeStartObject();
      g.writeStringField("resourceType", "Bundle");
      g.writeStringField("type", "searchset");
      g.writeNumberField("total", free.size());
      g.writeArrayFieldStart("entry");
      SlotIds ids = new SlotIds();
      for (FreeSlot f : free) {
        g.writeStartObject();
        String id = ids.of(f);
        g.writeStringField("fullUrl", "urn:uuid:" + id);
        g.writeObjectFieldStart("resource");
        slot(g, f, id);
        g.writeEndObject();
        g.writeObjectFieldStart("search");
        g.writeStringField("mode", "match");
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void slot(JsonGenerator g, FreeSlot f, String id) throws IOException {
    g.writeStringField("resourceType", "Slot");
    g.writeStringField("id", id);
    if (f.slot().modes().size() == 1) {
      ConsultationMode only = f.slot().modes().iterator().next();
      g.writeArrayFieldStart("extension");
      g.writeStartObject();
      g.writeStringField("url", NeuroFhirCanonical.EXT_CONSULTATION_MODE);
      g.writeObjectFieldStart("valueCoding");
      g.writeStringField("system", only.system());
      g.writeStringField("code", only.code());
      g.writeStringField("display", only.display());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeObjectFieldStart("schedule");
    g.writeStringField("reference", "Schedule/" + f.slot().scheduleId());
    g.writeEndObject();
    g.writeStringField("status", "free");
    g.writeStringField("start", instant(f.slot().start(), f.zone()));
    g.writeStringField("end", instant(f.slot().end(), f.zone()));
    if (f.slot().capacity() > 1) {
      g.writeStringField("comment", FreeSlotBundle.placesFree(f));
    }
  }

  /** {@code 2027-03-01T09:00:00+01:00}: by hand, as DateTimeFormatter took a quarter of the answer's time. */
  static String instant(Instant t, ZoneId zone) {
    ZoneOffset offset = zone.getRules().getOffset(t);
    LocalDateTime local = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, offset);
    StringBuilder b = new StringBuilder(25);
    digits(b, local.getYear(), 4).append('-');
    digits(b, local.getMonthValue(), 2).append('-');
    digits(b, local.getDayOfMonth(), 2).append('T');
    digits(b, local.getHour(), 2).append(':');
    digits(b, local.getMinute(), 2).append(':');
    digits(b, local.getSecond(), 2);
    return b.append(offset.getId()).toString();
  }

  private static StringBuilder digits(StringBuilder b, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(s);
  }
}
