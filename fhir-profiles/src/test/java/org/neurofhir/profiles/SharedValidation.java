package org.neurofhir.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;

/**
 * One package, one validation chain and one validator for the whole test JVM: the HL7 validator's
 * first run costs seconds (it converts the core definitions), later runs milliseconds.
 */
public final class SharedValidation {

  public static final FhirContext CTX = FhirContext.forR4Cached();
  private static NeuroFhirPackage pkg;
  private static ValidationSupportChain chain;
  private static FhirValidator validator;

  private SharedValidation() {}

  public static synchronized NeuroFhirPackage pkg() {
    if (pkg == null) pkg = NeuroFhirPackage.loadFromClasspath(CTX);
    return pkg;
  }

  public static synchronized ValidationSupportChain chain() {
    if (chain == null) chain = pkg().standaloneValidationSupport();
    return chain;
  }

  public static synchronized FhirValidator validator() {
    if (validator == null) {
      validator = CTX.newValidator();
      validator.registerValidatorModule(new FhirInstanceValidator(chain()));
    }
    return validator;
  }

  public static List<SingleValidationMessage> errors(IBaseResource resource) {
    return validator().validateWithResult(resource).getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .toList();
  }

  public static String describe(List<SingleValidationMessage> messages) {
    StringBuilder sb = new StringBuilder();
    messages.forEach(m -> sb.append("\n  ").append(m.getLocationString()).append(": ").append(m.getMessage()));
    return sb.toString();
  }
}
