package org.neurofhir.server.record.consultation;

/** One way a form's answers do not fit its Questionnaire, at a FHIRPath location of the response. */
record FormProblem(String expression, String message) {}
