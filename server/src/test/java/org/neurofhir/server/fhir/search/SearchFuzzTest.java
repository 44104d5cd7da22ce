package org.neurofhir.server.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/**
 * Malformed values for every search parameter of every resource type the server indexes (from its
 * CapabilityStatement) and for the result parameters, sent as every role, in GET searches, POST {@code _search}
 * and batch entries: never a 5xx, never over 2 s, and no 4xx body showing the server's internals.
 *
 * <p>A run sends a sample ({@code -Dneurofhir.fuzz.requests}, default 1000, under a minute on a loaded 2-core box)
 * drawn from a random seed printed at the start; {@code -Dneurofhir.fuzz.seed=<seed>} repeats a run exactly.
 */
class SearchFuzzTest extends ServerTestBase {

  private static final long LIMIT_MILLIS = 2000;
  private static final List<String> RESULT_PARAMETERS = List.of("_count", "_offset", "_sort", "_include",
      "_revinclude", "_include:iterate", "_elements", "_summary", "_total", "_contained", "_containedType");
  private static final List<String> MODIFIERS = List.of(":missing", ":exact", ":contains", ":not", ":text", ":above",
      ":below", ":in", ":of-type", ":identifier", ":Patient", ":nope", ".name", ".value-quantity", ".nope", ":Patient.birthdate");
  private static final List<String> ANY = List.of("", " ", ",", ",,,", "|", "|||", "$", "$$", "\\", "\\\\,", "%",
      "'; drop table hfj_resource; --", "\" or 1=1 --", "null", "undefined", "true", "-1", "-2147483649",
      "99999999999999999999", "NaN", "Infinity", "-Infinity", "0x1F", "1e999999999", "-1e-999999999", "5e2147483647",
      "gt1e999999999", "xx12", "ap", "eq", "gt", "1.5e", ".e5", "e5", "1..2", "--1", "1e+", "2020-99-99",
      "2020-02-30", "T25:61", "2020-01-01T10:00:00+99:99", "0000", "99999-01-01", "Patient/", "/", "//", "http://",
      "a/b/c/d/e", "Patient/1/_history/", "Patient?x=1", "*", ":", "::", "Patient:", "Patient:*:", "{}", "[]", "<x/>",
      "\u00e9\u00e8", "\u4e2d\u6587", "\uD83D\uDE00", "a\tb", "a b");

  @Test
  void malformedValuesNeverAnswer5xxOrTakeOverTwoSeconds() throws Exception {
    long seed = Long.getLong("neurofhir.fuzz.seed", System.nanoTime());
    int requests = Integer.getInteger("neurofhir.fuzz.requests", 1000);
    System.out.println("SearchFuzzTest seed=" + seed + " requests=" + requests
        + " (repeat with -Dneurofhir.fuzz.seed=" + seed + ")");
    Random random = new Random(seed);

    Patient patient = new Patient();
    patient.addName().setFamily(unique("Fuzz"));
    String patientId = client.create().resource(patient).execute().getId().getIdPart();
    Map<String, String> tokens = Map.of("admin", adminToken(), "doctor", tokenFor("doctor"),
        "nurse", tokenFor("nurse"), "secretary", tokenFor("secretary"), "patient", patientToken(patientId));
    List<String> roles = tokens.keySet().stream().sorted().toList();

    List<String[]> parameters = searchParameters(); // {type, name, search parameter type}
    assertThat(parameters).as("search parameters in the CapabilityStatement").hasSizeGreaterThan(100);
    // warm-up: first-request costs are not the subject
    send("Patient?_id=" + patientId, null, null, tokens.get("admin"));
    send("", "application/fhir+json", batchOf("Patient?_id=" + patientId), tokens.get("admin"));

    List<String> failures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      String[] parameter = parameters.get(random.nextInt(parameters.size()));
      String type = parameter[0];
      String name = parameter[1];
      if (random.nextInt(5) == 0) {
        name = RESULT_PARAMETERS.get(random.nextInt(RESULT_PARAMETERS.size()));
      } else if (random.nextInt(4) == 0) {
        name = name + MODIFIERS.get(random.nextInt(MODIFIERS.size()));
      }
      String value = malformed(random, parameter[2], name);
      String role = roles.get(random.nextInt(roles.size()));
      String query = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
      int how = random.nextInt(10); // mostly GET; POST _search and batch entries, which HAPI handles apart
      String request = role + (how == 0 ? " POST _search " : how == 1 ? " batch GET " : " GET ")
          + type + "?" + name + "=" + value;
      long start = System.nanoTime();
      HttpResponse<String> r;
      try {
        r = switch (how) {
          case 0 -> send(type + "/_search", "application/x-www-form-urlencoded", query, tokens.get(role));
          case 1 -> send("", "application/fhir+json", batchOf(type + "?" + query), tokens.get(role));
          default -> send(type + "?" + query, null, null, tokens.get(role));
        };
      } catch (java.net.http.HttpTimeoutException e) {
        failures.add("timed out: " + request);
        continue;
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      String problem = problem(r, how == 1);
      if (problem != null) {
        failures.add(problem + ": " + request + " -> " + r.body());
      } else if (millis > LIMIT_MILLIS) {
        failures.add(millis + " ms: " + request);
      }
    }
    assertThat(failures).as("seed " + seed).isEmpty();
  }

  private HttpResponse<String> send(String path, String contentType, String body, String token) throws Exception {
    HttpRequest.Builder b = withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + path)), token)
        .header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(30));
    if (body != null) {
      b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String batchOf(String search) {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(search);
    return FHIR.newJsonParser().encodeResourceToString(batch);
  }

  /** What is wrong with an answer, or null: a 5xx, or a refusal that shows the server's internals. */
  private static String problem(HttpResponse<String> r, boolean batch) {
    if (r.statusCode() >= 500) {
      return "status " + r.statusCode();
    }
    String refusal = r.statusCode() >= 400 ? r.body() : null;
    if (batch && r.statusCode() < 300) {
      Bundle.BundleEntryResponseComponent entry =
          FHIR.newJsonParser().parseResource(Bundle.class, r.body()).getEntryFirstRep().getResponse();
      if (entry.getStatus().startsWith("5")) {
        return "entry status " + entry.getStatus();
      }
      refusal = entry.getStatus().startsWith("4") && entry.hasOutcome()
          ? FHIR.newJsonParser().encodeResourceToString(entry.getOutcome()) : null;
    }
    for (String leak : refusal == null ? List.<String>of() : SearchValueRefusalTest.LEAKS) {
      if (refusal.contains(leak)) {
        return "shows '" + leak + "'";
      }
    }
    return null;
  }

  private List<String[]> searchParameters() {
    CapabilityStatement capabilities = client.capabilities().ofType(CapabilityStatement.class).execute();
    List<String[]> parameters = new ArrayList<>();
    for (CapabilityStatementRestResourceComponent resource : capabilities.getRestFirstRep().getResource()) {
      for (CapabilityStatementRestResourceSearchParamComponent param : resource.getSearchParam()) {
        parameters.add(new String[] {resource.getType(), param.getName(), param.getType().toCode()});
      }
    }
    return parameters;
  }

  /** A value broken the way values of this type break: grammar, bounds, separators, sizes. */
  private static String malformed(Random random, String type, String name) {
    if (random.nextInt(3) == 0) {
      return ANY.get(random.nextInt(ANY.size()));
    }
    String prefix = random.nextBoolean() ? "" : List.of("gt", "le", "ap", "xx", "g", "GT", "eb").get(random.nextInt(7));
    String number = (random.nextBoolean() ? "-" : "") + random.nextInt(1000) + (random.nextBoolean() ? "." + random.nextInt(1000) : "")
        + (random.nextBoolean() ? "e" + (random.nextBoolean() ? "-" : "") + (long) Math.pow(10, random.nextInt(11)) : "");
    if (name.startsWith("_count") || name.startsWith("_offset")) {
      return List.of("-1", "-0", "1.5", "abc", "501", "2147483648", "99999999999", "", "1e3", " 5")
          .get(random.nextInt(10));
    }
    if (name.startsWith("_sort") || name.startsWith("_include") || name.startsWith("_revinclude") || name.startsWith("_elements")) {
      return List.of("-", "--date", "nope", "Patient:", "Patient:nope", "Nope:subject", "Observation:subject:Nope",
          "Observation:code", "a,,b", ",", "*:*", "date.nope", "-_id,-", "name..x", "1abc")
          .get(random.nextInt(15));
    }
    return switch (type) {
      case "number" -> prefix + number;
      case "quantity" -> prefix + number + "|".repeat(random.nextInt(5)) + (random.nextBoolean() ? "mg" : "");
      case "date" -> prefix + (1 + random.nextInt(99999)) + "-" + random.nextInt(20) + "-" + random.nextInt(40)
          + (random.nextBoolean() ? "T" + random.nextInt(30) + ":" + random.nextInt(70) + ":" + random.nextInt(70) : "")
          + (random.nextBoolean() ? "Z" : "+" + random.nextInt(30) + ":00");
      case "token" -> "sys|".repeat(random.nextInt(4)) + "x".repeat(random.nextInt(3) == 0 ? 1500 : 3);
      case "reference" -> List.of("Patient/", "Nope/1", "Patient/" + "x".repeat(80), "a/b/c", "Patient/1/_history/x/y",
          "urn:", "http:// x", "1e999999999", "../Patient/1").get(random.nextInt(9));
      case "composite" -> "a" + "$".repeat(random.nextInt(4)) + prefix + number;
      case "uri" -> List.of("http://x y", "", " ", "x".repeat(1500), "http://a.org/%zz").get(random.nextInt(5));
      case "special" -> number + "|" + number + "|" + number + "|" + "km|".repeat(random.nextInt(3));
      default -> "x".repeat(random.nextInt(3) == 0 ? 3000 : 5) + "\\" + ",";
    };
  }
}
