package org.neurofhir.server.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The parameters that shape a search's answer rather than select resources: {@code _count}, {@code _offset},
 * {@code _sort}, {@code _include}, {@code _revinclude}, {@code _elements}, {@code _summary}, {@code _total},
 * {@code _contained}, {@code _containedType}. HAPI answered a negative {@code _count} or {@code _offset} with a 500
 * quoting its SQL, and took unknown {@code _summary} or {@code _total} words silently.
 */
final class ResultParameterCheck {

  private static final Pattern INTEGER = Pattern.compile("\\d{1,9}");
  private static final Pattern ELEMENT = Pattern.compile("-?[A-Za-z*][A-Za-z0-9_*\\[\\]]*(\\.[A-Za-z*][A-Za-z0-9_*\\[\\]]*)*");
  private static final Set<String> META_SORTS = Set.of("_id", "_lastUpdated");

  private final ISearchParamRegistry registry;
  private final Set<String> resourceTypes;
  private final Map<String, BiConsumer<String, String>> checks;

  ResultParameterCheck(ISearchParamRegistry registry, FhirContext fhir, int maxPageSize, int maxOffset) {
    this.registry = registry;
    this.resourceTypes = fhir.getResourceTypes();
    this.checks = Map.of(
        "_count", (type, value) -> integer(value, maxPageSize),
        "_offset", (type, value) -> integer(value, maxOffset),
        "_sort", this::sort,
        "_include", (type, value) -> include(value),
        "_revinclude", (type, value) -> include(value),
        "_elements", (type, value) -> elements(value),
        "_summary", (type, value) -> oneOf(value, List.of("true", "false", "text", "data", "count")),
        "_total", (type, value) -> oneOf(value, List.of("none", "estimated", "accurate")),
        "_contained", (type, value) -> oneOf(value, List.of("true", "false", "both")),
        "_containedType", (type, value) -> oneOf(value, List.of("container", "contained")));
  }

  boolean handles(String name) {
    return checks.containsKey(name);
  }

  /** @param resourceType the searched type, null for a search across all types */
  void check(String resourceType, String name, String value) {
    if (value.length() > TypedValue.MAX_LENGTH) {
      throw new RefusedValue("values are at most " + TypedValue.MAX_LENGTH + " characters");
    }
    checks.get(name).accept(resourceType, value);
  }

  private static void integer(String value, int max) {
    if (!INTEGER.matcher(value).matches() || Integer.parseInt(value) > max) {
      throw new RefusedValue("'" + Shown.value(value) + "' is not a whole number from 0 to " + max);
    }
  }

  private static void oneOf(String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new RefusedValue("'" + Shown.value(value) + "' is not one of " + String.join(", ", allowed));
    }
  }

  private void sort(String resourceType, String value) {
    for (String key : value.split(",", -1)) {
      String name = key.startsWith("-") ? key.substring(1) : key;
      String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
      if (META_SORTS.contains(name)) {
        continue;
      }
      RuntimeSearchParam param = resourceType == null ? null
          : registry.getActiveSearchParam(resourceType, base, SearchParamLookupContextEnum.SORT);
      boolean chainOk = name.equals(base) || (param != null && param.getParamType() == RestSearchParameterTypeEnum.REFERENCE);
      if (param == null || param.getParamType() == RestSearchParameterTypeEnum.COMPOSITE || !chainOk) {
        throw new RefusedValue("'" + Shown.value(key) + "' is not a search parameter of "
            + (resourceType == null ? "every resource type" : resourceType) + " that results can be sorted by");
      }
    }
  }

  private void include(String value) {
    if ("*".equals(value)) {
      return;
    }
    String[] parts = value.split(":", -1);
    if (parts.length < 2 || parts.length > 3 || !resourceTypes.contains(parts[0])) {
      throw new RefusedValue("'" + Shown.value(value) + "' is not ResourceType:parameter[:TargetType]");
    }
    if (!"*".equals(parts[1])) {
      RuntimeSearchParam param =
          registry.getActiveSearchParam(parts[0], parts[1], SearchParamLookupContextEnum.SEARCH);
      if (param == null || param.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
        throw new RefusedValue("'" + Shown.value(parts[1]) + "' is not a reference parameter of " + parts[0]);
      }
    }
    if (parts.length == 3 && !resourceTypes.contains(parts[2])) {
      throw new RefusedValue("'" + Shown.value(parts[2]) + "' is not a resource type");
    }
  }

  private static void elements(String value) {
    for (String element : value.split(",", -1)) {
      if (!ELEMENT.matcher(element.trim()).matches()) {
        throw new RefusedValue("'" + Shown.value(element) + "' is not an element name");
      }
    }
  }
}
