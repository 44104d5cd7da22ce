package org.neurofhir.server.review;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.IOperationUntypedWithInput;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/** A doctor linked to a Practitioner, and {@code $review} calls through HAPI's client. */
abstract class ReviewTestBase extends ServerTestBase {

  private static String doctorToken;
  private static String doctorUsername;
  static String practitionerId;

  @BeforeEach
  void signInDoctor() {
    if (doctorToken == null) {
      Practitioner p = new Practitioner();
      p.addName().setFamily("Reviewer").addGiven("Dr");
      practitionerId = client.create().resource(p).execute().getId().getIdPart();
      doctorUsername = "review-doctor-" + UUID.randomUUID().toString().substring(0, 8);
      tokens().createUser(doctorUsername, TestTokens.USER_PASSWORD, List.of("doctor"), "Practitioner/" + practitionerId);
      doctorToken = tokens().authorizationCode(doctorUsername, TestTokens.USER_PASSWORD, TestTokens.STAFF_SCOPES)
          .accessToken();
    }
  }

  protected String doctorToken() {
    return doctorToken;
  }

  /** The reviewing doctor signed in again with other scopes. */
  protected String doctorTokenWithScopes(String scopes) {
    return tokens().authorizationCode(doctorUsername, TestTokens.USER_PASSWORD, scopes).accessToken();
  }

  protected Parameters review(String reportId, Parameters input) {
    return review(doctorToken, reportId, null, input);
  }

  protected Parameters review(String token, String reportId, String ifMatch, Parameters input) {
    IGenericClient c = clientWithToken(token);
    IOperationUntypedWithInput<Parameters> op = c.operation().onInstance(new IdType("DiagnosticReport", reportId))
        .named("$review").withParameters(input);
    if (ifMatch != null) {
      op = op.withAdditionalHeader("If-Match", ifMatch);
    }
    return op.execute();
  }

  /** The HTTP status a refused review answered with; fails if it was not refused with an OperationOutcome. */
  protected int refusal(String token, String reportId, String ifMatch, Parameters input) {
    try {
      review(token, reportId, ifMatch, input);
    } catch (BaseServerResponseException e) {
      if (!(e.getOperationOutcome() instanceof OperationOutcome)) {
        throw new AssertionError("refusal " + e.getStatusCode() + " without an OperationOutcome", e);
      }
      return e.getStatusCode();
    }
    throw new AssertionError("review of DiagnosticReport/" + reportId + " was not refused");
  }

  static Parameters decision(String decision) {
    Parameters p = new Parameters();
    p.addParameter().setName("decision").setValue(new CodeType(decision));
    return p;
  }

  static Parameters withComment(Parameters p, String comment) {
    p.addParameter().setName("comment").setValue(new StringType(comment));
    return p;
  }

  static Parameters withCorrection(Parameters p, String region, String cm3) {
    var c = p.addParameter().setName("correction");
    c.addPart().setName("code").setValue(new CodeType(region));
    c.addPart().setName("value").setValue(new Quantity().setValue(new BigDecimal(cm3)).setUnit("cm3")
        .setSystem("http://unitsofmeasure.org").setCode("cm3"));
    return p;
  }
}
