package org.neurofhir.server.scheduling.workflow;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.IdType;
import org.neurofhir.server.scheduling.OperationInput;
import org.neurofhir.server.security.Interaction;

/**
 * The appointment workflow as operations (Parameters bodies; server/README.md "Scheduling"):
 * {@code Appointment/$book} (schedule, start, patient, mode, note), and on one appointment {@code $confirm},
 * {@code $decline} (reason), {@code $cancel} (reason), {@code $reschedule} (start), {@code $fulfil}, {@code $noshow}.
 * Each answers the Appointment as it now is.
 */
public class AppointmentOperationProvider {

  private final BookerAuthorization authorization;
  private final AppointmentWorkflow workflow;

  public AppointmentOperationProvider(BookerAuthorization authorization, AppointmentWorkflow workflow) {
    this.authorization = authorization;
    this.workflow = workflow;
  }

  @Operation(name = "$book", type = Appointment.class, idempotent = false)
  public Appointment book(RequestDetails request) {
    Booker booker = authorization.booker(Interaction.CREATE);
    OperationInput in = OperationInput.of("$book", request, Set.of("schedule", "start", "patient", "mode", "note"));
    String schedule = OperationInput.reference("$book", "schedule", in.required("schedule"), "Schedule").substring(9);
    String patient = booker.side() == Booker.Side.PATIENT && in.optional("patient").isEmpty()
        ? booker.patient().orElseThrow()
        : OperationInput.reference("$book", "patient", in.required("patient"), "Patient");
    return workflow.book(new BookingRequest(schedule, in.instant("start", in.required("start"), false), patient,
        in.mode("mode"), in.optional("note")), booker);
  }

  @Operation(name = "$confirm", type = Appointment.class, idempotent = false)
  public Appointment confirm(@IdParam IdType id, RequestDetails request) {
    Booker booker = authorization.booker(Interaction.UPDATE);
    OperationInput.of("$confirm", request, Set.of());
    return workflow.confirm(id.getIdPart(), booker);
  }

  @Operation(name = "$decline", type = Appointment.class, idempotent = false)
  public Appointment decline(@IdParam IdType id, RequestDetails request) {
    Booker booker = authorization.booker(Interaction.UPDATE);
    String reason = OperationInput.of("$decline", request, Set.of("reason")).required("reason");
    return workflow.decline(id.getIdPart(), reason, booker);
  }

  @Operation(name = "$cancel", type = Appointment.class, idempotent = false)
  public Appointment cancel(@IdParam IdType id, RequestDetails request) {
    Booker booker = authorization.booker(Interaction.UPDATE);
    String reason = OperationInput.of("$cancel", request, Set.of("reason")).required("reason");
    return workflow.cancel(id.getIdPart(), reason, booker);
  }

  @Operation(name = "$reschedule", type = Appointment.class, idempotent = false)
  public Appointment reschedule(@IdParam IdType id, RequestDetails request) {
    Booker booker = authorization.booker(Interaction.UPDATE);
    OperationInput in = OperationInput.of("$reschedule", request, Set.of("start"));
    return workflow.reschedule(id.getIdPart(), in.instant("start", in.required("start"), false), booker);
  }

  @Operation(name = "$fulfil", type = Appointment.class, idempotent = false)
  public Appointment fulfil(@IdParam IdType id, RequestDetails request) {
    Booker booker = authorization.booker(Interaction.UPDATE);
    OperationInput.of("$fulfil", request, Set.of());
    return workflow.close(id.getIdPart(), AppointmentStatus.FULFILLED, booker);
  }

  @Operation(name = "$noshow", type = Appointment.class, idempotent = false)
  public Appointment noshow(@IdParam IdType id, RequestDetails request) {
    Booker booker = authorization.booker(Interaction.UPDATE);
    OperationInput.of("$noshow", request, Set.of());
    return workflow.close(id.getIdPart(), AppointmentStatus.NOSHOW, booker);
  }
}
