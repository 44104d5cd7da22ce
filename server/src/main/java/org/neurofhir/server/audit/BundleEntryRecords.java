package org.neurofhir.server.audit;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * One audit fact per entry of a batch or transaction: what each entry read or wrote (its interaction, the resource
 * it named or created, its own status), which the one record of the bundle request cannot say. Entries are paired
 * with the response bundle by position, as FHIR orders them; when the whole bundle failed (a transaction rolled
 * back, a refused batch) every entry is recorded with the bundle's status, as not performed.
 */
final class BundleEntryRecords {

  /** What one entry did, before it becomes an {@link AuditRecord}. */
  record Entry(String subtype, String action, int status, String entity, String detail) {}

  private BundleEntryRecords() {}

  static List<Entry> of(Bundle request, Bundle response, int bundleStatus, String failure) {
    String kind = request.getType() == Bundle.BundleType.TRANSACTION ? "transaction" : "batch";
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < request.getEntry().size(); i++) {
      BundleEntryComponent asked = request.getEntry().get(i);
      BundleEntryComponent answered =
          response != null && i < response.getEntry().size() ? response.getEntry().get(i) : null;
      String subtype = subtype(asked);
      int status = answered != null && answered.getResponse().hasStatus()
          ? status(answered.getResponse().getStatus(), bundleStatus)
          : bundleStatus;
      String where = kind + " entry " + (i + 1) + " of " + request.getEntry().size();
      String detail;
      if (answered == null && failure != null) {
        detail = where + ", not performed: " + failure;
      } else if (status >= 400) {
        detail = where + ": " + diagnostics(answered);
      } else {
        detail = where;
      }
      entries.add(new Entry(subtype, action(subtype), status, entity(asked, answered), detail));
    }
    return entries;
  }

  private static String subtype(BundleEntryComponent entry) {
    Bundle.HTTPVerb verb = entry.getRequest().getMethod();
    String url = entry.getRequest().getUrl() == null ? "" : entry.getRequest().getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    if (verb == null) {
      return "unknown";
    }
    return switch (verb) {
      case GET, HEAD -> {
        if (url.contains("?") || !path.contains("/")) {
          yield path.isEmpty() ? "search-system" : "search-type";
        }
        yield path.contains("/_history/") ? "vread" : path.endsWith("/_history") ? "history-instance" : "read";
      }
      case POST -> path.endsWith("_search") ? "search-type" : path.contains("$") ? "operation" : "create";
      case PUT -> "update";
      case PATCH -> "patch";
      case DELETE -> "delete";
      default -> "unknown";
    };
  }

  private static String action(String subtype) {
    return switch (subtype) {
      case "create" -> "C";
      case "read", "vread", "history-instance", "search-type", "search-system" -> "R";
      case "update", "patch" -> "U";
      case "delete" -> "D";
      default -> "E";
    };
  }

  /** {@code Patient/123} as created or named, the type for a search, the conditional URL's type otherwise. */
  private static String entity(BundleEntryComponent asked, BundleEntryComponent answered) {
    if (answered != null && answered.getResponse().hasLocation()) {
      String location = answered.getResponse().getLocation();
      int history = location.indexOf("/_history");
      return history > 0 ? location.substring(0, history) : location;
    }
    String url = asked.getRequest().getUrl() == null ? "" : asked.getRequest().getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    int history = path.indexOf("/_history");
    path = history > 0 ? path.substring(0, history) : path;
    if (path.isEmpty() && asked.hasResource()) {
      return asked.getResource().fhirType();
    }
    return path.isEmpty() ? null : path;
  }

  private static int status(String status, int fallback) {
    String code = status.trim().split(" ")[0];
    try {
      return Integer.parseInt(code);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String diagnostics(BundleEntryComponent answered) {
    if (answered != null && answered.getResponse().getOutcome() instanceof OperationOutcome outcome
        && outcome.hasIssue()) {
      return outcome.getIssueFirstRep().getDiagnostics();
    }
    return answered == null ? "" : answered.getResponse().getStatus();
  }
}
