package org.neurofhir.server.review;

import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Provenance;

/** What a committed review stored, and the model whose output was judged (for the decision metric). */
public record ReviewOutcome(DiagnosticReport report, Provenance provenance, String modelVersion) {}
