package org.neurofhir.server.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.Map;

/**
 * The values of a match URL the server keeps and runs later (a Subscription's criteria), checked like those of a
 * search before it is stored: HAPI's own validation lets unknown modifiers through, which then fail or match wrongly
 * each time a resource is stored.
 */
public final class MatchUrlValues {

  private final SearchParameterCheck check;

  public MatchUrlValues(ISearchParamRegistry registry, FhirContext fhir, int maxPageSize, int maxOffset) {
    this.check = new SearchParameterCheck(
        registry, new ResultParameterCheck(registry, fhir, maxPageSize, maxOffset), fhir.getResourceTypes());
  }

  /**
   * @param query the part after {@code ?}
   * @throws InvalidRequestException naming the first refused parameter
   */
  public void check(String resourceType, String query) {
    Map<String, String[]> parameters;
    try {
      parameters = BundleSearchEntries.parameters(query);
    } catch (RefusedValue refused) {
      throw new InvalidRequestException(refused.getMessage());
    }
    check.check(resourceType, parameters);
  }
}
