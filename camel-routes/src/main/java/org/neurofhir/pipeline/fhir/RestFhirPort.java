package org.neurofhir.pipeline.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** {@link FhirPort} over FHIR REST (HAPI generic client), for workers in another process. */
public final class RestFhirPort implements FhirPort {

  private final IGenericClient client;

  /** @param token null when the server needs no token (tests of an open server) */
  public RestFhirPort(FhirContext fhir, String baseUrl, ClientCredentialsToken token) {
    fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    fhir.getRestfulClientFactory().setSocketTimeout(120_000);
    this.client = fhir.newRestfulGenericClient(baseUrl);
    if (token != null) {
      client.registerInterceptor(new IClientInterceptor() {
        @Override
        public void interceptRequest(IHttpRequest request) {
          request.addHeader("Authorization", "Bearer " + token.get());
        }

        @Override
        public void interceptResponse(IHttpResponse response) {}
      });
    }
  }

  @Override
  public Bundle transaction(Bundle transaction) {
    return call(() -> client.transaction().withBundle(transaction).execute(), "transaction");
  }

  @Override
  public <T extends Resource> Optional<T> read(Class<T> type, String id) {
    try {
      return Optional.of(call(() -> client.read().resource(type).withId(id).execute(), "read " + id));
    } catch (FhirPortException e) {
      if (e.getCause() instanceof ResourceNotFoundException || e.getCause() instanceof ResourceGoneException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Resource> T update(T resource) {
    return call(() -> {
      var outcome = client.update().resource(resource).execute();
      return outcome.getResource() != null ? (T) outcome.getResource() : resource;
    }, "update " + resource.getIdElement().getValue());
  }

  @Override
  public <T extends Resource> List<T> search(Class<T> type, String query) {
    String url = type.getSimpleName() + (query == null || query.isBlank() ? "" : "?" + query);
    Bundle bundle = call(() -> client.search().byUrl(url).returnBundle(Bundle.class).execute(), "search " + url);
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast).toList();
  }

  private interface Call<R> {
    R run();
  }

  private static <R> R call(Call<R> call, String what) {
    try {
      return call.run();
    } catch (FhirClientConnectionException e) {
      throw new FhirPortException(what + ": FHIR server not reachable: " + e.getMessage(), true, e);
    } catch (BaseServerResponseException e) {
      int status = e.getStatusCode();
      // 409/412: a concurrent write of the same resource; 429 and 5xx: the server is busy or restarting.
      boolean retry = status >= 500 || status == 409 || status == 412 || status == 429;
      throw new FhirPortException(what + ": HTTP " + status + " " + e.getMessage(), retry, e);
    }
  }
}
