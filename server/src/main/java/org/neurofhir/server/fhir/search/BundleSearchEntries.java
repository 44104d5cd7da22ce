package org.neurofhir.server.fhir.search;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;

/** The searches among a batch or transaction bundle's GET entries: resource type and parameters of each. */
final class BundleSearchEntries {

  /** {@code Observation?...} or {@code Observation/_search?...}; reads ({@code Patient/1}) are not searches. */
  private static final Pattern TYPE_SEARCH = Pattern.compile("([A-Z][A-Za-z]{1,63})(/_search)?");

  record Search(int entry, String resourceType, Map<String, String[]> parameters) {}

  private BundleSearchEntries() {}

  static List<Search> of(Bundle bundle) {
    List<Search> searches = new ArrayList<>();
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      Bundle.BundleEntryRequestComponent request = bundle.getEntry().get(i).getRequest();
      String url = request.getUrl();
      if (request.getMethod() != Bundle.HTTPVerb.GET || url == null || !url.contains("?")) {
        continue;
      }
      String path = url.substring(0, url.indexOf('?'));
      if (TYPE_SEARCH.matcher(path).matches()) {
        searches.add(new Search(i, path.replace("/_search", ""), parameters(url.substring(url.indexOf('?') + 1))));
      }
    }
    return searches;
  }

  static Map<String, String[]> parameters(String query) {
    Map<String, String[]> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      parameters.merge(name, new String[] {value}, (a, b) -> {
        String[] both = Arrays.copyOf(a, a.length + 1);
        both[a.length] = b[0];
        return both;
      });
    }
    return parameters;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RefusedValue("'" + Shown.value(text) + "' is not URL-encoded text");
    }
  }
}
