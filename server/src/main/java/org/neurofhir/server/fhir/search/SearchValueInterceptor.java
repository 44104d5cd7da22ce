package org.neurofhir.server.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Refuses malformed or out-of-range search values with a 400 naming the parameter, before any query is built:
 * searches over HTTP (GET and POST {@code _search}) once HAPI knows the request is a search and before it parses
 * the values (its own parse errors answered some values with a 500 without a message); the GET entries of batch
 * and transaction bundles once HAPI has parsed the bundle; and the numbers of every search, match URLs included,
 * once more after HAPI parsed them.
 *
 * <p>A bundle with a malformed search entry is refused whole, batch included: HAPI parses an entry's values and
 * turns them into its normalized query text (a billion digits for {@code 1e999999999}: 12 s measured) before any
 * hook sees that entry, so refusing the entry alone would come after the cost.
 */
@Interceptor
public class SearchValueInterceptor {

  private final SearchParameterCheck check;

  public SearchValueInterceptor(ISearchParamRegistry registry, FhirContext fhir, int maxPageSize, int maxOffset) {
    this.check = new SearchParameterCheck(
        registry, new ResultParameterCheck(registry, fhir, maxPageSize, maxOffset), fhir.getResourceTypes());
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void checkHttpSearch(RequestDetails request) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation == RestOperationTypeEnum.SEARCH_TYPE) {
      // Patient/1/Observation?... searches Observations: the parameters are Observation's
      String searched = request.getCompartmentName() != null ? request.getCompartmentName() : request.getResourceName();
      check.check(searched, request.getParameters());
    } else if (operation == RestOperationTypeEnum.SEARCH_SYSTEM) {
      check.check(null, request.getParameters());
    }
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void checkBundleSearches(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation != RestOperationTypeEnum.TRANSACTION || !(request.getResource() instanceof Bundle bundle)) {
      return;
    }
    List<BundleSearchEntries.Search> searches;
    try {
      searches = BundleSearchEntries.of(bundle);
    } catch (RefusedValue refused) {
      throw new InvalidRequestException("A bundle entry's search URL: " + refused.getMessage());
    }
    for (BundleSearchEntries.Search search : searches) {
      try {
        check.check(search.resourceType(), search.parameters());
      } catch (InvalidRequestException refused) {
        throw new InvalidRequestException("Bundle entry " + search.entry() + ": " + refused.getMessage());
      }
    }
  }

  /** Bundles stored by code in this process reach HAPI without the HTTP hooks above. */
  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void checkRegisteredSearch(SearchParameterMap params, ICachedSearchDetails search, RequestDetails request) {
    if (request != null && request.isSubRequest() && search.getResourceType() != null) {
      check.check(search.getResourceType(), request.getParameters());
    }
    ParsedNumberCheck.check(params);
  }
}
