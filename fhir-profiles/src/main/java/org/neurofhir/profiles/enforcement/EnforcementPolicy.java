package org.neurofhir.profiles.enforcement;

import java.util.Map;
import java.util.Objects;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * Which writes {@link ProfileEnforcingInterceptor} validates.
 *
 * @param ownProfilePrefix a resource claiming (meta.profile) a profile under this prefix is validated
 * @param defaultProfileByResourceType resource type (e.g. {@code "Task"}) → profile a resource of that
 *     type is validated against even when it claims none; for the types only NeuroFHIR creates
 */
public record EnforcementPolicy(String ownProfilePrefix, Map<String, String> defaultProfileByResourceType) {

  public EnforcementPolicy {
    Objects.requireNonNull(ownProfilePrefix, "ownProfilePrefix");
    defaultProfileByResourceType = Map.copyOf(defaultProfileByResourceType);
  }

  /** Validate only resources that claim one of our profiles. */
  public static EnforcementPolicy claimedProfilesOnly() {
    return new EnforcementPolicy(NeuroFhirCanonical.STRUCTURE_DEFINITION, Map.of());
  }

  /** Also validate every resource of the given types against the given profile. */
  public static EnforcementPolicy withDefaultProfiles(Map<String, String> defaultProfileByResourceType) {
    return new EnforcementPolicy(NeuroFhirCanonical.STRUCTURE_DEFINITION, defaultProfileByResourceType);
  }
}
