package org.neurofhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;

/**
 * Resources for security tests, with client-assigned ids that are unique strings, so "does this response mention
 * the other patient" is a plain substring check.
 */
public final class SecurityFixtures {

  private final FhirContext fhir;
  private final HttpClient http;
  private final String fhirBase;

  public SecurityFixtures(FhirContext fhir, HttpClient http, String fhirBase) {
    this.fhir = fhir;
    this.http = http;
    this.fhirBase = fhirBase;
  }

  public static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public static Patient patient(String id) {
    Patient p = new Patient();
    p.setId("Patient/" + id);
    p.addName().setFamily("Fam" + id.replace("-", "")).addGiven("Test");
    return p;
  }

  /** A resource of this type belonging to {@code Patient/<patientId>}. */
  public static IBaseResource ofType(String type, String id, String patientId) {
    Reference subject = new Reference("Patient/" + patientId);
    IBaseResource r = switch (type) {
      case "Patient" -> patient(id);
      case "Observation" -> {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept().setText("heart rate"));
        o.setSubject(subject);
        yield o;
      }
      case "DiagnosticReport" -> {
        DiagnosticReport d = new DiagnosticReport();
        d.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
        d.setCode(new CodeableConcept().setText("MRI brain report"));
        d.setSubject(subject);
        yield d;
      }
      case "Appointment" -> {
        Appointment a = new Appointment();
        a.setStatus(Appointment.AppointmentStatus.BOOKED);
        a.setStart(new Date(System.currentTimeMillis() + 86_400_000L));
        a.setEnd(new Date(System.currentTimeMillis() + 90_000_000L));
        a.addParticipant().setActor(subject).setStatus(Appointment.ParticipationStatus.ACCEPTED);
        yield a;
      }
      case "ImagingStudy" -> {
        ImagingStudy s = new ImagingStudy();
        s.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
        s.setSubject(subject);
        yield s;
      }
      case "AuditEvent" -> {
        AuditEvent e = new AuditEvent();
        e.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        e.setRecorded(new Date());
        e.addAgent().setRequestor(true).setName("forger");
        e.getSource().setObserver(new Reference().setDisplay("forger"));
        yield e;
      }
      default -> throw new IllegalArgumentException(type);
    };
    r.setId(type + "/" + id);
    return r;
  }

  /** Gives the resource a new identifier, so an update really changes it (a no-op update is another path). */
  public static void markChanged(IBaseResource resource) {
    org.hl7.fhir.r4.model.Identifier id =
        new org.hl7.fhir.r4.model.Identifier().setSystem("urn:test:rev").setValue(UUID.randomUUID().toString());
    if (resource instanceof Patient p) {
      p.addIdentifier(id);
    } else if (resource instanceof Observation o) {
      o.addIdentifier(id);
    } else if (resource instanceof DiagnosticReport d) {
      d.addIdentifier(id);
    } else if (resource instanceof Appointment a) {
      a.addIdentifier(id);
    } else if (resource instanceof ImagingStudy s) {
      s.addIdentifier(id);
    }
  }

  /** PUT with the admin token; fails the test when the server refuses. */
  public void put(IBaseResource resource, String adminToken) {
    HttpResponse<String> r = send("PUT", resource.getIdElement().toUnqualifiedVersionless().getValue(),
        fhir.newJsonParser().encodeResourceToString(resource), adminToken);
    if (r.statusCode() != 200 && r.statusCode() != 201) {
      throw new IllegalStateException("fixture " + resource.getIdElement().getValue() + ": " + r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length())));
    }
  }

  public HttpResponse<String> send(String method, String path, String body, String token) {
    return send(method, path, body, token, java.util.Map.of());
  }

  public HttpResponse<String> send(
      String method, String path, String body, String token, java.util.Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fhirBase + "/" + path))
        .header("Accept", "application/fhir+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/fhir+json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
