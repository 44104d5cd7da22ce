package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/** Bad input gets a 4xx OperationOutcome, never a 500, and nothing is stored. */
class BadInputTest extends ServerTestBase {

  private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = authorized(HttpRequest.newBuilder(URI.create(fhirBase() + path)))
        .header("Accept", "application/fhir+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertOutcome(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).contains("\"resourceType\":\"OperationOutcome\"");
  }

  private int patientsNamed(String family) {
    return client.search().byUrl("Patient?family:exact=" + family).returnBundle(Bundle.class).execute().getEntry().size();
  }

  @Test
  void fullTextSearchIsRefusedNot500() throws Exception {
    // no full-text index on this server (Hibernate Search is off): _content/_text must say so with a 400
    assertOutcome(send("GET", "/Patient?_content=headache", null, null), 400);
    assertOutcome(send("GET", "/Observation?_text=fever", null, null), 400);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    String family = unique("BadJson");
    assertOutcome(send("POST", "/Patient", "application/fhir+json",
        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}"), 400);
    assertThat(patientsNamed(family)).isZero();
  }

  @Test
  void malformedXmlIs400() throws Exception {
    assertOutcome(send("POST", "/Patient", "application/fhir+xml",
        "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"x\"/></name>"), 400);
  }

  @Test
  void wrongResourceTypeInBodyIs400() throws Exception {
    assertOutcome(send("POST", "/Patient", "application/fhir+json", "{\"resourceType\":\"Observation\",\"status\":\"final\"}"), 400);
  }

  @Test
  void unknownResourceTypeIs404() throws Exception {
    HttpResponse<String> r = send("GET", "/NotAResource/1", null, null);
    assertThat(r.statusCode()).isBetween(400, 404);
    assertThat(r.body()).contains("OperationOutcome");
  }

  @Test
  void invalidIdIs400() throws Exception {
    assertOutcome(send("GET", "/Patient/" + "x".repeat(70), null, null), 400);
    assertOutcome(send("PUT", "/Patient/bad$id", "application/fhir+json", "{\"resourceType\":\"Patient\",\"id\":\"bad$id\"}"), 400);
  }

  @Test
  void unknownReferenceIs400AndNothingStored() throws Exception {
    String body = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"hr\"},"
        + "\"subject\":{\"reference\":\"Patient/" + unique("missing") + "\"}}";
    assertOutcome(send("POST", "/Observation", "application/fhir+json", body), 400);
  }

  @Test
  void oversizedPayloadIs413() throws Exception {
    String family = unique("Big");
    String big = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"text\":\"" + "a".repeat(3 * 1024 * 1024) + "\"}]}";
    assertOutcome(send("POST", "/Patient", "application/fhir+json", big), 413);
    assertThat(patientsNamed(family)).isZero();
  }

  /** The default limit (neurofhir.fhir.max-transaction-entries = 1000) bounds the heap one transaction can hold. */
  @Test
  void transactionOverTheEntryLimitIs413AndNothingStored() throws Exception {
    String family = unique("Huge");
    String entry = "{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]},"
        + "\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
    String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
        + String.join(",", java.util.Collections.nCopies(1001, entry)) + "]}";
    HttpResponse<String> r = send("POST", "", "application/fhir+json", bundle);
    assertOutcome(r, 413);
    assertThat(r.body()).contains("1000");
    assertThat(patientsNamed(family)).isZero();
  }

  @Test
  void xmlExternalEntitiesAreNotResolved() throws Exception {
    String family = unique("Xxe");
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"" + family + "\"/><given value=\"&xxe;\"/></name></Patient>";
    HttpResponse<String> r = send("POST", "/Patient", "application/fhir+xml", xml);
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    assertThat(r.body()).doesNotContain("root:");
    assertThat(patientsNamed(family)).isZero();
  }

  @Test
  void xmlWithAnyDoctypeIsRefusedAndNothingStored() throws Exception {
    String family = unique("Dtd");
    String patient = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"" + family + "\"/></name></Patient>";
    for (String doctype : java.util.List.of(
        "<!DOCTYPE Patient SYSTEM \"http://127.0.0.1:9/patient.dtd\">",
        "<!DOCTYPE Patient [<!ENTITY % remote SYSTEM \"http://127.0.0.1:9/x.dtd\"> %remote;]>",
        "<!DOCTYPE Patient []>")) {
      HttpResponse<String> r = send("POST", "/Patient", "application/fhir+xml",
          "<?xml version=\"1.0\"?>" + doctype + patient);
      assertOutcome(r, 400);
      assertThat(r.body()).contains("DOCTYPE");
    }
    assertThat(patientsNamed(family)).isZero();
    // the same resource without the declaration is stored
    assertThat(send("POST", "/Patient", "application/fhir+xml", "<?xml version=\"1.0\"?>" + patient).statusCode())
        .isEqualTo(201);
  }

  @Test
  void validateParametersWithExternalEntityIsRefused() throws Exception {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + "<Parameters xmlns=\"http://hl7.org/fhir\"><parameter><name value=\"profile\"/><valueUri value=\"&xxe;\"/>"
        + "</parameter><parameter><name value=\"resource\"/><resource><Patient><active value=\"true\"/></Patient>"
        + "</resource></parameter></Parameters>";
    HttpResponse<String> r = send("POST", "/Patient/$validate", "application/fhir+xml", xml);
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    assertThat(r.body()).doesNotContain("root:");
  }

  @Test
  void malformedValidateParametersIs400() throws Exception {
    assertOutcome(send("POST", "/Patient/$validate", "application/fhir+json",
        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"profile\",\"valueUri\":"), 400);
  }

  @Test
  void emptyBodyIs400() throws Exception {
    assertOutcome(send("POST", "/Patient", "application/fhir+json", ""), 400);
  }

  @Test
  void validPatientStillWorks() throws Exception {
    HttpResponse<String> r = send("POST", "/Patient", "application/fhir+json",
        FHIR.newJsonParser().encodeResourceToString(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(unique("Ok")))));
    assertThat(r.statusCode()).isEqualTo(201);
  }

  private static String patient(String family, String extra) {
    return "{\"resourceType\":\"Patient\"" + extra + ",\"name\":[{\"family\":\"" + family + "\"}]}";
  }

  private static String narrative(String div) {
    return ",\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">"
        + div.replace("\"", "\\\"") + "</div>\"}";
  }

  @Test
  void controlCharactersAndUnpairedSurrogatesAre400AndNothingStored() throws Exception {
    String family = unique("Ctl");
    for (String bad : java.util.List.of("\\u0001", "\\u001b[31m", "\\u0000", "\\ud800", "x\\udc00y")) {
      HttpResponse<String> r = send("POST", "/Patient", "application/fhir+json",
          "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"A" + bad + "B\"]}]}");
      assertOutcome(r, 400);
      assertThat(r.body()).contains("Patient.name.given").containsAnyOf("control character", "unpaired UTF-16 surrogate");
    }
    assertThat(patientsNamed(family)).isZero();
    // tab, line feed, carriage return and a pair of surrogates (an emoji) are text
    HttpResponse<String> ok = send("POST", "/Patient", "application/fhir+json",
        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"A\\tB\\r\\nC \\ud83d\\ude00\"]}]}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
  }

  @Test
  void bodyThatIsNotUtf8Is400() throws Exception {
    String family = unique("Utf");
    byte[] head = ("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\",\"given\":[\"A")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] surrogateAsCesu = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    byte[] tail = "B\"]}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + surrogateAsCesu.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(surrogateAsCesu, 0, body, head.length, surrogateAsCesu.length);
    System.arraycopy(tail, 0, body, head.length + surrogateAsCesu.length, tail.length);
    HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient")))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertOutcome(r, 400);
    assertThat(r.body()).contains("UTF-8");
    assertThat(patientsNamed(family)).isZero();
  }

  @Test
  void stringOverOneMegabyteIs400EvenInsideATransaction() throws Exception {
    String family = unique("Long");
    String good = "{\"resource\":" + patient(family, "") + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
    String bad = "{\"resource\":" + patient(family, ",\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">x</div>\"},"
        + "\"extension\":[{\"url\":\"http://example.org/note\",\"valueString\":\"" + "a".repeat(1024 * 1024 + 1) + "\"}]")
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}";
    HttpResponse<String> r = send("POST", "", "application/fhir+json",
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + good + "," + bad + "]}");
    assertOutcome(r, 400);
    assertThat(r.body()).contains("Patient.extension.value").contains("longer than 1 MB");
    assertThat(patientsNamed(family)).isZero();
  }

  @Test
  void narrativeWithScriptOrEventHandlersIs400() throws Exception {
    String family = unique("Narr");
    for (String div : java.util.List.of(
        "<script>alert(1)</script>",
        "<p onclick='steal()'>hi</p>",
        "<a href=' javascript:steal()'>x</a>",
        "<iframe src='https://evil.example'></iframe>",
        "<img src='data:text/html;base64,PHNjcmlwdD4='/>",
        "<p style='background:url(https://evil.example/t.png)'>x</p>")) {
      HttpResponse<String> r = send("POST", "/Patient", "application/fhir+json", patient(family, narrative(div)));
      assertOutcome(r, 400);
      assertThat(r.body()).as(div).contains("Patient.text.div");
    }
    assertThat(patientsNamed(family)).isZero();
    HttpResponse<String> ok = send("POST", "/Patient", "application/fhir+json", patient(family, narrative(
        "<p class='x'>Seen <b>today</b>; see <a href='https://example.org/a'>notes</a></p>"
            + "<table border='1'><tr><th>Test</th><td colspan='2'>ok</td></tr></table>")));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
  }

  @Test
  void patchThatWritesAControlCharacterIs400() throws Exception {
    String family = unique("Patch");
    HttpResponse<String> created = send("POST", "/Patient", "application/fhir+json", patient(family, ""));
    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/Patient/([^/]+)/.*", "$1");
    HttpResponse<String> r = send("PATCH", "/Patient/" + id, "application/json-patch+json",
        "[{\"op\":\"replace\",\"path\":\"/name/0/family\",\"value\":\"X\\u0007Y\"}]");
    assertOutcome(r, 400);
    assertThat(patientsNamed(family)).isEqualTo(1);
  }
}
