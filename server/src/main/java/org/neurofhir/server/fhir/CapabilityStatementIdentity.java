package org.neurofhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
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

  /**
   * HAPI caches one statement for everyone, with {@code implementation.url} taken from whichever request made it
   * (the start-up readiness check's 127.0.0.1, a client on another host name): each caller gets the base it used.
   */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean implementationUrlOfThisRequest(RequestDetails request, ResponseDetails response) {
    if (request.getRestOperationType() == RestOperationTypeEnum.METADATA
        && response.getResponseResource() instanceof CapabilityStatement cs
        && request.getFhirServerBase() != null
        && !request.getFhirServerBase().equals(cs.getImplementation().getUrl())) {
      CapabilityStatement copy = cs.copy();
      copy.getImplementation().setUrl(request.getFhirServerBase());
      response.setResponseResource(copy);
    }
    return true;
  }
}
