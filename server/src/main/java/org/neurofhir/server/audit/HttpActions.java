package org.neurofhir.server.audit;

/** AuditEvent action and entity of a plain HTTP request (one HAPI has not classified). */
final class HttpActions {

  private static final String FHIR_BASE = "/fhir/";

  private HttpActions() {}

  /** R for reads, U for PUT/PATCH, D for DELETE; a POST may create, search or run an operation: E. */
  static String action(String method) {
    return switch (method == null ? "" : method) {
      case "GET", "HEAD" -> "R";
      case "PUT", "PATCH" -> "U";
      case "DELETE" -> "D";
      default -> "E";
    };
  }

  /** {@code Patient/123} for a FHIR path (as interactions are recorded), the path itself otherwise. */
  static String entity(String path) {
    if (path == null) {
      return null;
    }
    int fhir = path.indexOf(FHIR_BASE);
    String entity = fhir >= 0 ? path.substring(fhir + FHIR_BASE.length()) : path;
    return entity.isEmpty() ? path : entity;
  }
}
