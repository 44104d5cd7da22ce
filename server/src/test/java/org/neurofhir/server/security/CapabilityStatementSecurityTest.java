package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/** The CapabilityStatement names this server, describes its SMART security, and lists what the caller may invoke. */
class CapabilityStatementSecurityTest extends ServerTestBase {

  private CapabilityStatement metadata(String token) {
    return clientWithToken(token).capabilities().ofType(CapabilityStatement.class).execute();
  }

  private static List<String> operations(CapabilityStatement cs) {
    List<String> names = new ArrayList<>();
    cs.getRest().forEach(rest -> {
      rest.getOperation().forEach(op -> names.add(op.getName()));
      rest.getResource().forEach(r -> r.getOperation().forEach(op -> names.add(r.getType() + "/" + op.getName())));
    });
    return names;
  }

  @Test
  void namesThisServer() {
    CapabilityStatement cs = metadata(null);
    assertThat(cs.getName()).isEqualTo("NeuroFHIR");
    assertThat(cs.getPublisher()).isEqualTo("NeuroFHIR");
    assertThat(cs.getSoftware().getName()).isEqualTo("NeuroFHIR");
    assertThat(cs.getSoftware().getVersion()).isNotBlank();
    assertThat(cs.getImplementation().getDescription()).contains("NeuroFHIR");
  }

  @Test
  void eachCallerSeesTheBaseItUsedThoughOneStatementIsCached() {
    String loopback = "http://127.0.0.1:" + port + "/fhir";
    CapabilityStatement viaIp = FHIR.newRestfulGenericClient(loopback).capabilities()
        .ofType(CapabilityStatement.class).execute();
    CapabilityStatement viaName = metadata(null);
    assertThat(viaIp.getImplementation().getUrl()).isEqualTo(loopback);
    assertThat(viaName.getImplementation().getUrl()).isEqualTo(fhirBase());
  }

  @Test
  void describesSmartOnFhirSecurity() {
    CapabilityStatement.CapabilityStatementRestSecurityComponent security = metadata(null).getRestFirstRep().getSecurity();
    assertThat(security.getServiceFirstRep().getCodingFirstRep().getSystem())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/restful-security-service");
    assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
    Extension uris = security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
    assertThat(uris).isNotNull();
    assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue()).endsWith("/oauth2/token");
    assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue()).endsWith("/oauth2/authorize");
    assertThat(security.getCors()).isTrue(); // the test profile allows one origin
  }

  @Test
  void listsOperationsAsTheCallerMayInvokeThem() {
    List<String> anonymous = operations(metadata(null));
    List<String> admin = operations(metadata(adminToken()));
    List<String> doctor = operations(metadata(tokenFor("doctor")));
    List<String> secretary = operations(metadata(tokenFor("secretary")));

    assertThat(admin).anyMatch(op -> op.endsWith("expunge")).anyMatch(op -> op.endsWith("reindex"))
        .contains("Patient/everything");
    assertThat(anonymous).noneMatch(op -> op.endsWith("expunge") || op.endsWith("reindex"))
        .contains("Patient/everything");
    assertThat(doctor).contains("Patient/everything").noneMatch(op -> op.endsWith("expunge"));
    assertThat(secretary).doesNotContain("Patient/everything").noneMatch(op -> op.endsWith("expunge"));
    // the cached statement is narrowed per response, never changed for the next caller
    assertThat(operations(metadata(adminToken()))).isEqualTo(admin);
  }
}
