package org.neurofhir.server.conformance;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultProfiles resource type → profile URL enforced on every write of that type even when the resource
 *     claims no profile. Empty by default: EHR imports (e.g. Synthea) write Observations and DiagnosticReports
 *     that are not ours. Resources NeuroFHIR generates always claim their profile.
 * @param installPackage store the package's conformance resources (profiles, code systems, value sets, search
 *     parameters) at start-up so clients can read them and search with our search parameters
 * @param warmUpValidator run one validation right after start-up, in the background, so the first real
 *     write does not pay the validator's ~10 s cold start
 */
@ConfigurationProperties(prefix = "neurofhir.conformance")
public record ConformanceProperties(
    @DefaultValue Map<String, String> defaultProfiles,
    @DefaultValue("true") boolean installPackage,
    @DefaultValue("true") boolean warmUpValidator) {}
