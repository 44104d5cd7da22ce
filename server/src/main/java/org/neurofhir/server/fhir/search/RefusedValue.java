package org.neurofhir.server.fhir.search;

/**
 * A search value outside the grammar or the bounds this server accepts. Carries only the reason: the parameter's name
 * is added where the value is known to belong to one ({@link SearchParameterCheck}), and the whole becomes a 400.
 */
class RefusedValue extends RuntimeException {

  RefusedValue(String reason) {
    super(reason, null, false, false); // a refusal is expected input, not a fault: no stack trace to fill
  }
}
