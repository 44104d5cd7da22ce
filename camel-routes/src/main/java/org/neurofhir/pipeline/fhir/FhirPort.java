package org.neurofhir.pipeline.fhir;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * What the pipeline needs from a FHIR server. Two implementations: in-process on the HAPI JPA DAOs (the server
 * itself, no HTTP, no token) and {@link RestFhirPort} (remote workers, HAPI generic client with a bearer token).
 */
public interface FhirPort {

  /** Runs a transaction bundle, all or nothing; returns the transaction-response. */
  Bundle transaction(Bundle transaction);

  /** Reads the current version of {@code type/id}; empty when it does not exist or is deleted. */
  <T extends Resource> Optional<T> read(Class<T> type, String id);

  /** Creates or replaces {@code resource} at its id (update-as-create). */
  <T extends Resource> T update(T resource);

  /** Searches {@code type?query} (query as in a URL, e.g. {@code identifier=sys|val&_sort=-date}); first page only. */
  <T extends Resource> List<T> search(Class<T> type, String query);
}
