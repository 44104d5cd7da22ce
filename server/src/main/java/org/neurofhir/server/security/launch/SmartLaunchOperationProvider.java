package org.neurofhir.server.security.launch;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.neurofhir.server.security.Interaction;
import org.neurofhir.server.security.RolePolicies;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * {@code POST Patient/{id}/$smart-launch}: what an EHR calls before it opens a SMART app for this patient (SMART App
 * Launch, EHR launch). Answers the opaque {@code launch} id the EHR hands the app with {@code iss}; the app sends it
 * back when it asks to authorize, and the token it gets names the patient (and encounter). Only callers that may read
 * every patient's record make launches: a launch opens a record, and the signed-in user's own rights still bound
 * what the app may do in it.
 */
public class SmartLaunchOperationProvider {

  public static final String OPERATION = "$smart-launch";

  private final RolePolicies policies;
  private final DaoRegistry daos;
  private final LaunchContexts launches;
  private final RegisteredClientRepository clients;
  private final String issuer;
  private final String webClientId;

  public SmartLaunchOperationProvider(RolePolicies policies, DaoRegistry daos, LaunchContexts launches,
      RegisteredClientRepository clients, String issuer, String webClientId) {
    this.policies = policies;
    this.daos = daos;
    this.launches = launches;
    this.clients = clients;
    this.issuer = issuer.replaceAll("/+$", "");
    this.webClientId = webClientId;
  }

  @Operation(name = OPERATION, type = Patient.class, idempotent = false)
  public Parameters launch(@IdParam IdType patientId,
      @OperationParam(name = "encounter", max = 1) StringType encounterParam,
      @OperationParam(name = "client", max = 1) StringType clientParam) {
    Caller caller = CallerAuthenticationToken.current()
        .orElseThrow(() -> new ForbiddenOperationException(OPERATION + " needs a signed-in user or client"));
    if (!policies.policyFor(caller).allowsForAnyPatient("Patient", Interaction.READ)) {
      throw new ForbiddenOperationException("only a caller that may read every patient's record (staff, an EHR "
          + "client with Patient read scope) may launch an app for a patient");
    }
    String patient = read(new IdType("Patient", patientId.getIdPart())).getIdElement().getIdPart();
    Optional<String> encounter = text(encounterParam).map(e -> encounterOf(patient, e));
    Optional<String> client = text(clientParam).map(this::authorizationCodeClient);
    LaunchContexts.NewLaunch made =
        launches.create(new LaunchContext(patient, encounter, client), caller.subject());

    String fhirBase = issuer + "/fhir";
    Parameters out = new Parameters();
    out.addParameter().setName("launch").setValue(new StringType(made.launch()));
    out.addParameter().setName("iss").setValue(new UriType(fhirBase));
    out.addParameter().setName("expires").setValue(new InstantType(Date.from(made.expiresAt())));
    if (client.map(webClientId::equals).orElse(true)) {
      out.addParameter().setName("url").setValue(new UriType(issuer + "/app/?iss="
          + URLEncoder.encode(fhirBase, StandardCharsets.UTF_8) + "&launch=" + made.launch()));
    }
    return out;
  }

  private String encounterOf(String patient, String value) {
    IdType id = new IdType(value);
    if (id.hasResourceType() && !"Encounter".equals(id.getResourceType()) || !id.hasIdPart()) {
      throw new UnprocessableEntityException("parameter encounter must be an Encounter id, got '" + value + "'");
    }
    Encounter encounter = (Encounter) read(new IdType("Encounter", id.getIdPart()));
    String subject = encounter.getSubject().getReferenceElement().getIdPart();
    if (!"Patient".equals(encounter.getSubject().getReferenceElement().getResourceType()) || !patient.equals(subject)) {
      throw new UnprocessableEntityException("Encounter/" + id.getIdPart() + " is not an encounter of Patient/"
          + patient);
    }
    return id.getIdPart();
  }

  private String authorizationCodeClient(String clientId) {
    RegisteredClient client;
    try {
      client = clients.findByClientId(clientId);
    } catch (AuthenticationException | IllegalArgumentException e) {
      client = null;
    }
    if (client == null || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.AUTHORIZATION_CODE)) {
      throw new UnprocessableEntityException("client '" + clientId + "' is not a registered app that signs users in"
          + " (authorization_code)");
    }
    return clientId;
  }

  private org.hl7.fhir.instance.model.api.IBaseResource read(IdType id) {
    try {
      return daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      throw new ResourceNotFoundException(id.getResourceType() + "/" + id.getIdPart() + " does not exist");
    }
  }

  private static Optional<String> text(StringType value) {
    return Optional.ofNullable(value).map(StringType::getValue).map(String::trim).filter(s -> !s.isEmpty());
  }
}
