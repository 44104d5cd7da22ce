package org.neurofhir.inference.model;

/** A code for an output class (FHIR Coding shape, so downstream FHIR code maps it one-to-one). */
public record Coding(String system, String code, String display) {
}
