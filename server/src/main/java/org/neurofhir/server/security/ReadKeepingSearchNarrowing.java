package org.neurofhir.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.IdentityHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;

/**
 * HAPI's search narrowing, except that the GET entries of a batch or transaction that are not type searches
 * ({@code Patient/123}, {@code Observation/9/_history}, {@code Patient/123/$everything}) stay what they were. HAPI
 * 8.8 rewrites every GET entry as a narrowed search of its type, so {@code GET Patient/other} inside a batch
 * answered with a search set of the caller's own Patient instead of the 403 the same read gets alone. Those
 * entries are then judged where they run, like the read sent alone.
 */
public abstract class ReadKeepingSearchNarrowing extends SearchNarrowingInterceptor {

  private final String handled = getClass().getName() + ".bundle-entries-narrowed";

  @Override
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void hookIncomingRequestPreHandled(
      ServletRequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse) {
    if (request.getUserData().putIfAbsent(handled, Boolean.TRUE) != null) {
      return;
    }
    Map<Bundle.BundleEntryRequestComponent, String> notSearches = new IdentityHashMap<>();
    if (request.getResource() instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        Bundle.BundleEntryRequestComponent asked = entry.getRequest();
        if (asked.getMethod() == Bundle.HTTPVerb.GET && asked.hasUrl() && !isTypeSearch(asked.getUrl())) {
          notSearches.put(asked, asked.getUrl());
        }
      }
    }
    super.hookIncomingRequestPreHandled(request, servletRequest, servletResponse);
    notSearches.forEach(Bundle.BundleEntryRequestComponent::setUrl);
  }

  /** {@code Observation} or {@code Observation?code=x}: a type and at most a query, no id, history or operation. */
  private static boolean isTypeSearch(String url) {
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    return !path.contains("/");
  }
}
