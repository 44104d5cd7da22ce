package org.neurofhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;

/** HAPI's validator with the base spec and our conformance package, as a client holding our profiles would run it. */
public final class ProfileValidation {

  private static FhirValidator validator;

  private ProfileValidation() {}

  /** Errors and fatal messages, each with its location; empty = valid. */
  public static synchronized List<String> errors(FhirContext ctx, IBaseResource resource) {
    return errorsOf(validator(ctx).validateWithResult(resource));
  }

  /**
   * The same, for a resource as the server wrote it: parsing can lose what is checked (HAPI moves an entry's
   * {@code urn:uuid} fullUrl into the resource id and writes no such id back).
   */
  public static synchronized List<String> errors(FhirContext ctx, String encoded) {
    return errorsOf(validator(ctx).validateWithResult(encoded));
  }

  private static FhirValidator validator(FhirContext ctx) {
    if (validator == null) {
      validator = ctx.newValidator();
      validator.registerValidatorModule(
          new FhirInstanceValidator(NeuroFhirPackage.loadFromClasspath(ctx).standaloneValidationSupport()));
    }
    return validator;
  }

  private static List<String> errorsOf(ValidationResult result) {
    return result.getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(m -> m.getLocationString() + ": " + m.getMessage()).toList();
  }
}
