package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/** HAPI's JSON encoder flushes its target once, at the end, not after every value ({@link JsonEncoderFlushesOnce}). */
class JsonEncoderFlushesOnceTest extends ServerTestBase {

  @Test
  void appliedToHapisMapper() {
    assertThat(JsonEncoderFlushesOnce.apply()).isTrue();
  }

  @Test
  void encodingAResourceFlushesItsWriterOnce() throws IOException {
    AtomicInteger flushes = new AtomicInteger();
    StringWriter writer = new StringWriter() {
      @Override
      public void flush() {
        flushes.incrementAndGet();
      }
    };
    Patient patient = patientNamed("Flush");
    FHIR.newJsonParser().encodeResourceToWriter(patient, writer);

    assertThat(writer.toString()).contains("\"family\":\"Flush\"", "\"gender\":\"female\"");
    assertThat(flushes).hasValueLessThanOrEqualTo(1);
  }

  @Test
  void aSearchPageLeavesTheServerInAFewChunks() throws IOException {
    String family = unique("chunks");
    for (int i = 0; i < 30; i++) {
      client.create().resource(patientNamed(family)).execute();
    }

    HttpChunks response = get("/fhir/Patient?family=" + family + "&_count=50");

    Bundle page = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    assertThat(page.getEntry()).hasSize(30);
    // 30 Patients of ~12 values each: one chunk per value before (HAPI flushed after every value)
    assertThat(response.chunks()).isLessThanOrEqualTo(2 + response.body().length() / 4096);
  }

  private static Patient patientNamed(String family) {
    Patient patient = new Patient();
    patient.addName().setFamily(family).addGiven("Ann").addGiven("Marie");
    patient.setGender(AdministrativeGender.FEMALE);
    patient.addIdentifier().setSystem("urn:oid:1.2.36.146.595.217.0.1").setValue(family + "-mrn");
    patient.addTelecom().setValue("+41 00 000 00 00");
    return patient;
  }

  private record HttpChunks(int chunks, String body) {}

  /** A plain HTTP/1.1 GET over a socket, so that the chunks of the response can be counted. */
  private HttpChunks get(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/fhir+json\r\n"
          + "Authorization: Bearer " + adminToken() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = line(in);
      assertThat(status).startsWith("HTTP/1.1 200");
      boolean chunked = false;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
      }
      assertThat(chunked).as("response is chunked").isTrue();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int chunks = 0;
      for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
        chunks++;
      }
      return new HttpChunks(chunks, body.toString(StandardCharsets.UTF_8));
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-line");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
