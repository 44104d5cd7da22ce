package org.neurofhir.server.security;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A search may filter on, and pull in, only data the caller may search itself. Otherwise the answer to
 * {@code Patient?_has:Observation:subject:code=...} tells a secretary which patients have that result although she
 * may not read a single Observation. Refused with 403 (rather than silently dropping the filter or the included
 * resources, which would answer a different question than the one asked):
 * <ul>
 *   <li>{@code _has:Type:...} when the caller may not search {@code Type};
 *   <li>chains ({@code subject:Patient.name}, {@code patient.name}, deeper ones hop by hop) when it may not search
 *       the type the chain reaches; a chain without a type modifier must be allowed on every type the reference
 *       can point to;
 *   <li>{@code _include} of a reference that can point to a type it may not search (name the type:
 *       {@code Appointment:actor:Patient}), {@code _revinclude} of such a type, {@code _include=*};
 *   <li>{@code _sort} on a chain, by the same rule;
 *   <li>{@code _filter}, whose expressions are not taken apart here, for anyone but admins.
 * </ul>
 * The same rule holds for conditional URLs (If-None-Exist, conditional update, patch and delete): a match or no
 * match is an answer too. Checked for plain requests before they run, for each search a batch or transaction entry
 * makes, and for the conditional URLs of a bundle's entries before the bundle runs.
 */
public class SearchFilterGuard {

  private static final String HAS = "_has";
  private static final String INCLUDE = "_include";
  private static final String REVINCLUDE = "_revinclude";
  private static final String FILTER = "_filter";
  private static final String SORT = "_sort";
  private static final java.util.regex.Pattern RESOLVE_IS =
      java.util.regex.Pattern.compile(".*\\.where\\(resolve\\(\\) is ([A-Za-z]+)\\)");
  private static final Set<RestOperationTypeEnum> SEARCHES =
      Set.of(RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM);

  private final RolePolicies policies;
  private final ISearchParamRegistry searchParams;

  public SearchFilterGuard(RolePolicies policies, ISearchParamRegistry searchParams) {
    this.policies = policies;
    this.searchParams = searchParams;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void incoming(RequestDetails request, RestOperationTypeEnum operation) {
    AccessPolicy policy = policies.policyFor(request);
    if (policy.everything()) {
      return;
    }
    if (SEARCHES.contains(operation)) {
      check(policy, request.getResourceName(), request.getParameters());
    }
    String conditional = request.getConditionalUrl(operation);
    if (conditional != null) {
      // If-None-Exist comes as a bare query
      checkUrl(policy, conditional.contains("?") ? conditional : request.getResourceName() + "?" + conditional);
    }
  }

  /**
   * Conditional URLs inside a batch or transaction (If-None-Exist, conditional update, patch, delete): judged on
   * the request's own thread before any entry runs, since batch entries run on HAPI's worker threads through hooks
   * that no longer know the caller or the URL. One such entry refuses its whole bundle; searches are refused entry
   * by entry (below).
   */
  @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
  public void bundle(IBaseBundle bundle, RequestDetails request) {
    AccessPolicy policy = policies.policyFor(request);
    if (policy.everything() || !(bundle instanceof Bundle r4)) {
      return;
    }
    for (Bundle.BundleEntryComponent entry : r4.getEntry()) {
      Bundle.BundleEntryRequestComponent asked = entry.getRequest();
      if (asked.getMethod() != Bundle.HTTPVerb.GET && asked.getMethod() != Bundle.HTTPVerb.HEAD && asked.hasUrl()) {
        checkUrl(policy, asked.getUrl());
      }
      if (asked.hasIfNoneExist()) {
        String type = entry.hasResource() ? entry.getResource().fhirType() : null;
        String query = asked.getIfNoneExist();
        checkUrl(policy, query.contains("?") || type == null ? query : type + "?" + query);
      }
    }
  }

  /** Every search HAPI runs for a REST request, so also each search entry of a batch or transaction. */
  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void search(RequestDetails request) {
    if (request == null) {
      return;
    }
    AccessPolicy policy = policies.policyFor(request);
    if (!policy.everything() && request.getResourceName() != null) {
      check(policy, request.getResourceName(), request.getParameters());
    }
  }

  /**
   * A match URL the server runs on this caller's behalf later (a Subscription's criteria): the same rule.
   *
   * @throws ForbiddenOperationException when it filters on or pulls in data the caller may not search
   */
  public void checkMatchUrl(AccessPolicy policy, String url) {
    if (!policy.everything()) {
      checkUrl(policy, url);
    }
  }

  /** {@code Type?a=b&c=d}, or a bare query (an entry's {@code ifNoneExist}: its type is then not known here). */
  private void checkUrl(AccessPolicy policy, String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      if (url.contains("=")) {
        check(policy, null, parse(url));
      }
      return;
    }
    String path = url.substring(0, q);
    String type = path.contains("/") ? path.substring(path.lastIndexOf('/') + 1) : path;
    check(policy, type.isEmpty() ? null : type, parse(url.substring(q + 1)));
  }

  private static Map<String, String[]> parse(String query) {
    Map<String, String[]> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decoded(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decoded(pair.substring(eq + 1));
      String[] old = params.getOrDefault(name, new String[0]);
      String[] merged = java.util.Arrays.copyOf(old, old.length + 1);
      merged[old.length] = value;
      params.put(name, merged);
    }
    return params;
  }

  /** A conditional URL comes from the client: a broken escape ({@code %zz}, a lone {@code %}) is its error, not ours. */
  private static String decoded(String part) {
    try {
      return URLDecoder.decode(part, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new InvalidRequestException("malformed percent-encoding in a conditional URL: " + part);
    }
  }

  void check(AccessPolicy policy, String type, Map<String, String[]> params) {
    if (params == null) {
      return;
    }
    params.forEach((name, values) -> {
      if (name.equals(INCLUDE) || name.startsWith(INCLUDE + ":")) {
        for (String value : values) {
          checkInclude(policy, value);
        }
      } else if (name.equals(REVINCLUDE) || name.startsWith(REVINCLUDE + ":")) {
        for (String value : values) {
          requireSearchable(policy, value.split(":")[0], REVINCLUDE + "=" + value);
        }
      } else if (name.equals(SORT)) {
        for (String value : values) {
          for (String key : value.split(",")) {
            checkParameter(policy, type, key.startsWith("-") ? key.substring(1) : key, SORT + "=" + value);
          }
        }
      } else if (name.equals(FILTER)) {
        throw new ForbiddenOperationException("_filter is for admins: its expressions can reach any type");
      } else {
        checkParameter(policy, type, name, name);
      }
    });
  }

  /** One parameter name, on {@code type}: {@code _has:...}, a chain, or a plain (harmless) parameter. */
  private void checkParameter(AccessPolicy policy, String type, String name, String asked) {
    if (name.startsWith(HAS + ":")) {
      // _has:Observation:subject:code  → Observation must be searchable; its own parameter checked on it
      String[] parts = name.split(":", 4);
      if (parts.length < 4) {
        return; // malformed: HAPI answers 400
      }
      requireSearchable(policy, parts[1], asked);
      checkParameter(policy, parts[1], parts[3], asked);
      return;
    }
    int dot = name.indexOf('.');
    if (dot < 0 || name.startsWith("_")) {
      return;
    }
    // subject:Patient.name / subject.name / subject.organization.name
    String head = name.substring(0, dot);
    String rest = name.substring(dot + 1);
    int colon = head.indexOf(':');
    String param = colon < 0 ? head : head.substring(0, colon);
    List<String> targets = colon < 0 ? targetsOf(type, param) : List.of(head.substring(colon + 1));
    for (String target : targets) {
      requireSearchable(policy, target, asked);
      checkParameter(policy, target, rest, asked);
    }
  }

  private void checkInclude(AccessPolicy policy, String value) {
    String[] parts = value.split(":");
    if (parts.length < 2 || "*".equals(value) || "*".equals(parts[1])) {
      requireSearchable(policy, "*", INCLUDE + "=" + value);
      return;
    }
    List<String> targets = parts.length > 2 ? List.of(parts[2]) : targetsOf(parts[0], parts[1]);
    for (String target : targets) {
      requireSearchable(policy, target, INCLUDE + "=" + value);
    }
  }

  /** The types a reference parameter can point to; {@code *} when it may point anywhere or is not known. */
  private List<String> targetsOf(String type, String param) {
    if (type == null) {
      return List.of("*");
    }
    RuntimeSearchParam sp;
    try {
      sp = searchParams.getActiveSearchParam(type, param, ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
    } catch (RuntimeException unknownType) {
      sp = null; // HAPI answers the request itself with 400
    }
    if (sp == null) {
      return List.of("*");
    }
    // ImagingStudy.patient is ImagingStudy.subject.where(resolve() is Patient): its targets are Patient only,
    // though HAPI lists every type subject allows
    java.util.Set<String> narrowed = new java.util.LinkedHashSet<>();
    for (String path : sp.getPathsSplitForResourceType(type)) {
      java.util.regex.Matcher m = RESOLVE_IS.matcher(path.trim());
      if (!m.matches()) {
        narrowed.clear();
        break;
      }
      narrowed.add(m.group(1));
    }
    if (!narrowed.isEmpty()) {
      return List.copyOf(narrowed);
    }
    if (sp.getTargets() == null || sp.getTargets().isEmpty()) {
      return List.of("*");
    }
    return List.copyOf(sp.getTargets());
  }

  private static void requireSearchable(AccessPolicy policy, String type, String asked) {
    boolean allowed = "*".equals(type)
        ? policy.readsEverything() || policy.grants().stream().anyMatch(
            g -> "*".equals(g.resourceType()) && g.interactions().contains(Interaction.SEARCH))
        : policy.allows(type, Interaction.SEARCH);
    if (!allowed) {
      throw new ForbiddenOperationException("Search parameter " + asked + " reaches "
          + ("*".equals(type) ? "any resource type" : type) + ", which this token may not search"
          + ("*".equals(type) ? " (name the target type, e.g. Appointment:actor:Patient)" : ""));
    }
  }
}
