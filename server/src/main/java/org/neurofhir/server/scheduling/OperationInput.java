package org.neurofhir.server.scheduling;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.profiles.ConsultationMode;

/**
 * The parameters of a scheduling operation, from the query string (GET) or a Parameters body (POST), as text: a
 * primitive's value or a Reference's reference. Unknown names and malformed values are refused (400) with the name.
 */
public final class OperationInput {

  private static final int MAX_TEXT = 2000;

  private final String operation;
  private final Map<String, List<String>> values;

  private OperationInput(String operation, Map<String, List<String>> values) {
    this.operation = operation;
    this.values = values;
  }

  public static OperationInput of(String operation, RequestDetails request, Set<String> known) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    byte[] body = request.loadRequestContents();
    if (body != null && body.length > 0) {
      for (Parameters.ParametersParameterComponent p : parameters(operation, request, body).getParameter()) {
        String v = p.getValue() instanceof PrimitiveType<?> prim ? prim.getValueAsString()
            : p.getValue() instanceof Reference ref ? ref.getReference() : null;
        if (v == null) {
          throw new InvalidRequestException(operation + ": parameter '" + p.getName() + "' needs a primitive value or a "
              + "valueReference");
        }
        values.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(v);
      }
    }
    request.getParameters().forEach((name, vs) -> {
      if (!name.startsWith("_")) {
        values.computeIfAbsent(name, k -> new ArrayList<>()).addAll(Arrays.asList(vs));
      }
    });
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      if (!known.contains(e.getKey())) {
        throw new InvalidRequestException(operation + ": unknown parameter '" + e.getKey() + "' (known: " + known + ")");
      }
      for (String v : e.getValue()) {
        if (v == null || v.isBlank() || v.length() > MAX_TEXT) {
          throw new InvalidRequestException(operation + ": parameter '" + e.getKey() + "' is empty or over " + MAX_TEXT
              + " characters");
        }
      }
    }
    return new OperationInput(operation, values);
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  public Optional<String> optional(String name) {
    List<String> vs = all(name);
    if (vs.size() > 1) {
      throw new InvalidRequestException(operation + ": parameter '" + name + "' is given " + vs.size() + " times");
    }
    return vs.stream().findFirst();
  }

  public String required(String name) {
    return optional(name).orElseThrow(() -> new InvalidRequestException(operation + " needs the parameter '" + name + "'"));
  }

  /** A reference {@code Type/id} of this type (a bare id is read as one). */
  public static String reference(String operation, String name, String value, String type) {
    String ref = value.contains("/") ? value : type + "/" + value;
    if (!ref.matches(type + "/[A-Za-z0-9\\-.]{1,64}")) {
      throw new InvalidRequestException(operation + ": parameter '" + name + "' is a reference to a " + type + " ("
          + type + "/123), not '" + value + "'");
    }
    return ref;
  }

  /** An instant; a date alone is midnight UTC, and as an {@code end} the end of that day. */
  public Instant instant(String name, String value, boolean end) {
    DateTimeType dt;
    try {
      dt = new DateTimeType(value);
    } catch (DataFormatException | IllegalArgumentException e) {
      throw new InvalidRequestException(operation + ": parameter '" + name + "' is a date or a dateTime with offset, not '"
          + value + "'");
    }
    if (dt.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
      if (dt.getPrecision() != TemporalPrecisionEnum.DAY) {
        throw new InvalidRequestException(operation + ": parameter '" + name + "' needs at least a day (2027-03-01)");
      }
      LocalDate day = LocalDate.of(dt.getYear(), dt.getMonth() + 1, dt.getDay());
      return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (dt.getTimeZone() == null || !value.matches(".*(Z|[+-]\\d\\d:\\d\\d)$")) {
      throw new InvalidRequestException(operation + ": parameter '" + name + "' needs an offset (Z or +01:00): " + value);
    }
    return dt.getValue().toInstant();
  }

  public Optional<ConsultationMode> mode(String name) {
    return optional(name).map(code -> {
      String c = code.contains("|") ? code.substring(code.indexOf('|') + 1) : code;
      try {
        return ConsultationMode.fromCode(c);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(operation + ": parameter '" + name + "' is in-person or remote, not '" + code + "'");
      }
    });
  }

  private static Parameters parameters(String operation, RequestDetails request, byte[] body) {
    String contentType = Optional.ofNullable(request.getHeader(Constants.HEADER_CONTENT_TYPE)).orElse("");
    IParser parser = contentType.contains("xml")
        ? request.getFhirContext().newXmlParser()
        : request.getFhirContext().newJsonParser();
    try {
      return parser.parseResource(Parameters.class, new String(body, StandardCharsets.UTF_8));
    } catch (DataFormatException e) {
      throw new InvalidRequestException(operation + ": the body is not a Parameters resource: " + e.getMessage());
    }
  }
}
