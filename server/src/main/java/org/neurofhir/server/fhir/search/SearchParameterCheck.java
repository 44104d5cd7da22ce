package org.neurofhir.server.fhir.search;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks every value of a search, by the type each parameter has in the search parameter registry, before HAPI
 * builds a query from it: a value outside the grammar or bounds is a 400 naming the parameter. Parameters the
 * registry does not know are left to HAPI, which refuses them itself.
 *
 * <p>Chained parameters ({@code subject:Patient.birthdate}, {@code result.value-quantity}) and reverse chains
 * ({@code _has:Observation:patient:value-quantity}) are checked by the type of the parameter at the end of the
 * chain: HAPI builds the same costly range from {@code DiagnosticReport?result.value-quantity=1e999999999}.
 */
final class SearchParameterCheck {

  private static final int MAX_CHAIN = 4;
  private static final Map<RestSearchParameterTypeEnum, Set<String>> MODIFIERS = new EnumMap<>(Map.of(
      RestSearchParameterTypeEnum.STRING, Set.of("exact", "contains", "text"),
      RestSearchParameterTypeEnum.TOKEN,
      Set.of("not", "text", "above", "below", "in", "not-in", "of-type", "code-text", "text-advanced"),
      RestSearchParameterTypeEnum.REFERENCE, Set.of("identifier", "above", "below", "text", "mdm"),
      RestSearchParameterTypeEnum.URI, Set.of("above", "below", "contains")));

  private final ISearchParamRegistry registry;
  private final ResultParameterCheck results;
  private final Set<String> resourceTypes;

  SearchParameterCheck(ISearchParamRegistry registry, ResultParameterCheck results, Set<String> resourceTypes) {
    this.registry = registry;
    this.results = results;
    this.resourceTypes = resourceTypes;
  }

  /**
   * @param resourceType the searched type; null for a search across all types (only result parameters checked)
   * @throws InvalidRequestException naming the first refused parameter
   */
  void check(String resourceType, Map<String, String[]> parameters) {
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String key = parameter.getKey();
      try {
        for (String value : parameter.getValue()) {
          checkOne(resourceType, key, value);
        }
      } catch (RefusedValue refused) {
        throw new InvalidRequestException(
            "Invalid value for search parameter '" + Shown.value(key) + "': " + refused.getMessage());
      }
    }
  }

  private void checkOne(String resourceType, String key, String value) {
    String name = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
    if (results.handles(name)) {
      results.check(resourceType, name, value);
    } else if ("_filter".equals(name)) {
      throw new RefusedValue("_filter is not supported by this server");
    } else if ("_has".equals(name)) {
      reverseChain(key, value);
    } else if (resourceType != null) {
      parameter(resourceType, key, value, 0);
    }
  }

  /** {@code _has:Type:reference:parameter}, where parameter may itself be a further {@code _has:...}. */
  private void reverseChain(String key, String value) {
    String[] parts = key.split(":", 4);
    if (parts.length < 4) {
      throw new RefusedValue("_has is _has:ResourceType:referenceParameter:parameter");
    }
    RuntimeSearchParam link = registry.getActiveSearchParam(parts[1], parts[2], SearchParamLookupContextEnum.SEARCH);
    if (link == null || link.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
      throw new RefusedValue("'" + Shown.value(parts[2]) + "' is not a reference parameter of " + Shown.value(parts[1]));
    }
    if (parts[3].startsWith("_has:")) {
      reverseChain(parts[3], value);
    } else {
      parameter(parts[1], parts[3], value, 0);
    }
  }

  /** @return whether the parameter is known (and so was checked) */
  private boolean parameter(String resourceType, String key, String value, int depth) {
    int dot = key.indexOf('.');
    String head = dot < 0 ? key : key.substring(0, dot);
    String name = head.contains(":") ? head.substring(0, head.indexOf(':')) : head;
    String modifier = head.contains(":") ? head.substring(head.indexOf(':') + 1) : null;
    RuntimeSearchParam param = registry.getActiveSearchParam(resourceType, name, SearchParamLookupContextEnum.SEARCH);
    if (param == null) {
      return false; // HAPI answers an unknown parameter with its own 400
    }
    if (dot >= 0) {
      chained(param, modifier, key.substring(dot + 1), value, depth);
      return true;
    }
    if ("missing".equals(modifier)) {
      if (!"true".equals(value) && !"false".equals(value)) {
        throw new RefusedValue(":missing is true or false");
      }
      return true;
    }
    if (modifier != null && !allowedModifier(param.getParamType(), modifier)) {
      throw new RefusedValue("':" + Shown.value(modifier) + "' is not a modifier of a "
          + param.getParamType().name().toLowerCase(Locale.ROOT) + " parameter");
    }
    for (String one : EscapedText.split(value, ',')) {
      if (param.getParamType() == RestSearchParameterTypeEnum.COMPOSITE) {
        composite(param, one);
      } else {
        TypedValue.check(param.getParamType(), name, one, modifier);
      }
    }
    return true;
  }

  private static boolean allowedModifier(RestSearchParameterTypeEnum type, String modifier) {
    if (type == RestSearchParameterTypeEnum.REFERENCE && modifier.matches("[A-Z][A-Za-z]{1,63}")) {
      return true; // a target type: subject:Patient
    }
    return MODIFIERS.getOrDefault(type, Set.of()).contains(modifier);
  }

  /**
   * Valid if the value fits the chained parameter of at least one type the reference can point at that has it
   * ({@code Reference(Any)} can point at every type).
   */
  private void chained(RuntimeSearchParam param, String modifier, String rest, String value, int depth) {
    if (param.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
      throw new RefusedValue("'" + param.getName() + "' is not a reference parameter and cannot be chained");
    }
    if (depth + 1 >= MAX_CHAIN) {
      throw new RefusedValue("chains are at most " + MAX_CHAIN + " parameters long");
    }
    Collection<String> targets = modifier != null ? List.of(modifier)
        : param.getTargets().isEmpty() ? resourceTypes : param.getTargets();
    RefusedValue firstRefusal = null;
    for (String target : targets) {
      try {
        if (parameter(target, rest, value, depth + 1)) {
          return;
        }
      } catch (RefusedValue refused) {
        firstRefusal = firstRefusal == null ? refused : firstRefusal;
      }
    }
    if (firstRefusal != null) {
      throw firstRefusal;
    }
  }

  private void composite(RuntimeSearchParam param, String value) {
    List<RuntimeSearchParam.Component> components = param.getComponents();
    List<String> parts = EscapedText.split(value, '$');
    if (parts.size() != components.size()) {
      throw new RefusedValue("a value of this composite parameter has " + components.size()
          + " parts separated by '$'");
    }
    for (int i = 0; i < parts.size(); i++) {
      RuntimeSearchParam component =
          registry.getActiveSearchParamByUrl(components.get(i).getReference(), SearchParamLookupContextEnum.ALL);
      if (component != null) {
        TypedValue.check(component.getParamType(), component.getName(), parts.get(i), null);
      }
    }
  }
}
