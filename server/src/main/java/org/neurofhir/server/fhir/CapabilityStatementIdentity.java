package org.neurofhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Names this server in its CapabilityStatement instead of HAPI's defaults ("RestServer", "Not provided"): clients
 * and conformance tools show these fields to people choosing or debugging a server.
 */
@Interceptor
public class CapabilityStatementIdentity {

  private final String publisher;

  public CapabilityStatementIdentity(String publisher) {
    this.publisher = publisher;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void identify(IBaseConformance generated) {
    if (generated instanceof CapabilityStatement cs) {
      cs.setName("NeuroFHIR");
      cs.setTitle("NeuroFHIR FHIR R4 server");
      cs.setPublisher(publisher);
      cs.getSoftware().setName(FhirRestfulServerConfig.SOFTWARE_NAME);
    }
  }
}
