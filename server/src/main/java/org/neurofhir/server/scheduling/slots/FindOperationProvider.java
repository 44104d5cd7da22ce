package org.neurofhir.server.scheduling.slots;

import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.RestfulServerUtils.ResponseEncoding;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.neurofhir.server.scheduling.OperationInput;

/**
 * {@code GET|POST Appointment/$find?practitioner=Practitioner/1&specialty=…&location=Location/mr-1&mode=remote
 * &start=2027-03-01&end=2027-03-29} (after Argonaut Scheduling / Da Vinci's {@code $find}): the free slots, as a
 * searchset Bundle of Slot resources with status free, that {@code $book} takes. The Slots are computed and not
 * stored (they have no id; {@code schedule} + {@code start} name one). The answer is written here rather than by
 * HAPI ({@link FreeSlotJsonWriter} says why); it holds no patient data, so no outgoing-response rule has anything to
 * filter, and who may call it is decided on the way in like any operation.
 */
public class FindOperationProvider {

  public static final String OPERATION = "$find";
  private static final Set<String> PARAMETERS =
      Set.of("practitioner", "location", "actor", "schedule", "specialty", "mode", "start", "end");

  private final FreeSlotFinder finder;

  public FindOperationProvider(FreeSlotFinder finder) {
    this.finder = finder;
  }

  @Operation(name = OPERATION, type = Appointment.class, idempotent = true, manualResponse = true)
  public void find(ServletRequestDetails request, HttpServletResponse response) throws IOException {
    if (request.isSubRequest()) {
      // a manual response has nowhere to go inside a batch or transaction Bundle
      throw new InvalidRequestException("$find cannot be an entry of a batch or transaction: call it on its own");
    }
    List<FreeSlot> free = finder.find(query(request));
    ResponseEncoding encoding = RestfulServerUtils.determineResponseEncodingWithDefault(request);
    boolean pretty = RestfulServerUtils.prettyPrintResponse(request.getServer(), request);
    response.setStatus(200);
    response.setContentType(encoding.getResourceContentType());
    response.setCharacterEncoding("UTF-8");
    if (encoding.getEncoding() == EncodingEnum.JSON) {
      FreeSlotJsonWriter.write(free, response.getOutputStream(), pretty);
      return;
    }
    IParser parser = encoding.getEncoding().newParser(request.getFhirContext()).setPrettyPrint(pretty);
    try (Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)) {
      parser.encodeResourceToWriter(FreeSlotBundle.of(free), out);
    }
  }

  private static FreeSlotQuery query(RequestDetails request) {
    OperationInput in = OperationInput.of(OPERATION, request, PARAMETERS);
    List<String> actors = new ArrayList<>();
    in.all("practitioner").forEach(v -> actors.add(OperationInput.reference(OPERATION, "practitioner", v, "Practitioner")));
    in.all("location").forEach(v -> actors.add(OperationInput.reference(OPERATION, "location", v, "Location")));
    for (String v : in.all("actor")) {
      if (!v.matches("(Practitioner|PractitionerRole|Location|Device|HealthcareService)/[A-Za-z0-9\\-.]{1,64}")) {
        throw new InvalidRequestException(
            "$find: actor is a reference to a Practitioner, PractitionerRole, Location, Device or HealthcareService: " + v);
      }
      actors.add(v);
    }
    return new FreeSlotQuery(actors, in.all("specialty"),
        in.optional("schedule").map(v -> OperationInput.reference(OPERATION, "schedule", v, "Schedule").substring(9)),
        in.mode("mode"), in.instant("start", in.required("start"), false), in.instant("end", in.required("end"), true));
  }
}
