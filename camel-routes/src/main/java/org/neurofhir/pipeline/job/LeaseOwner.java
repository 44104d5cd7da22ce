package org.neurofhir.pipeline.job;

import java.util.Objects;

/**
 * Who holds a database job's lease: this process's incarnation (a fresh id per start, so a restarted process never
 * mistakes its predecessor's leases for its own), and the node it is the registered incarnation of, or null while
 * it is not (then only the lease frees its jobs after a crash). See {@link NodeRegistration}.
 */
public record LeaseOwner(String incarnation, String node) {

  public LeaseOwner {
    Objects.requireNonNull(incarnation, "incarnation");
  }

  /** A process that is no node's registered incarnation: its crashed jobs wait for their leases. */
  public static LeaseOwner withoutNode(String incarnation) {
    return new LeaseOwner(incarnation, null);
  }
}
