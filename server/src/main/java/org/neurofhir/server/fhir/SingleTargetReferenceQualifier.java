package org.neurofhir.server.fhir;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;

/**
 * Gives a bare id in a reference search the one resource type its parameter can point at:
 * {@code Observation?patient=123} is searched as {@code Observation?patient=Patient/123}.
 *
 * <p>Why: HAPI resolves a bare id by {@code fhir_id} alone, and caches what it found under the found resource's type,
 * so the next lookup of the same bare id misses that cache and goes to the database again: one extra query (built
 * from a Criteria query that Hibernate translates anew each time) on every patient-level search, ~6 % of the request
 * thread for {@code Observation?patient=&code=} and {@code Encounter?patient=} (server/README.md "Performance").
 * Qualified, the id is resolved once and then served from HAPI's id cache. The result is the same: HAPI matches only
 * links to that type either way.
 *
 * <p>Parameters that can point at several types ({@code subject}), chained ({@code patient.name=}), {@code :missing},
 * {@code :identifier}, {@code :mdm} and absolute or typed references are left as the client sent them.
 */
public class SingleTargetReferenceQualifier {

  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern RESOLVES_TO =
      Pattern.compile("[A-Za-z]+(\\.[A-Za-z]+)+\\.where\\(resolve\\(\\) is ([A-Za-z]+)\\)");

  private final ISearchParamRegistry searchParams;

  public SingleTargetReferenceQualifier(ISearchParamRegistry searchParams) {
    this.searchParams = searchParams;
  }

  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void qualifyBareIds(SearchParameterMap params, ICachedSearchDetails search) {
    String resourceType = search.getResourceType();
    if (resourceType == null) {
      return;
    }
    for (Map.Entry<String, List<List<IQueryParameterType>>> entry : params.entrySet()) {
      String target = singleTarget(resourceType, entry.getKey());
      if (target == null) {
        continue;
      }
      for (List<IQueryParameterType> orList : entry.getValue()) {
        for (IQueryParameterType value : orList) {
          if (value instanceof ReferenceParam reference && isBareId(reference)) {
            reference.setValue(target + "/" + reference.getValue());
          }
        }
      }
    }
  }

  private String singleTarget(String resourceType, String paramName) {
    if (paramName.startsWith("_")) {
      return null;
    }
    RuntimeSearchParam param = searchParams.getActiveSearchParam(
        resourceType, paramName, ISearchParamRegistry.SearchParamLookupContextEnum.SEARCH);
    if (param == null || param.getParamType() != RestSearchParameterTypeEnum.REFERENCE || param.getPath() == null) {
      return null;
    }
    // Shared parameters declare the union of their targets (clinical-patient: Group and Patient), while the
    // expression for one base usually narrows it: Observation.subject.where(resolve() is Patient).
    String target = null;
    for (String expression : param.getPath().split("\\|")) {
      String trimmed = expression.trim();
      if (!trimmed.startsWith(resourceType + ".")) {
        continue;
      }
      if (target != null) {
        return null;
      }
      Matcher narrowed = RESOLVES_TO.matcher(trimmed);
      if (narrowed.matches()) {
        target = narrowed.group(2);
      } else if (param.getTargets().size() == 1) {
        target = param.getTargets().iterator().next();
      } else {
        return null;
      }
    }
    return target;
  }

  private static boolean isBareId(ReferenceParam reference) {
    return !reference.hasChain()
        && reference.getMissing() == null
        && !reference.isMdmExpand()
        && StringUtils.isBlank(reference.getResourceType())
        && reference.getValue() != null
        && FHIR_ID.matcher(reference.getValue()).matches();
  }
}
