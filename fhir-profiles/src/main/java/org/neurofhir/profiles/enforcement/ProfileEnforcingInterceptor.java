package org.neurofhir.profiles.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Rejects (HTTP 422, OperationOutcome with each issue and its FHIRPath location) a create or update
 * of a resource that claims one of our profiles, or is of a type the {@link EnforcementPolicy}
 * gives a default profile, and does not conform to it.
 *
 * <p>Why the STORAGE_PRESTORAGE pointcuts and not SERVER_INCOMING_REQUEST_PRE_HANDLED: they fire for
 * every write the storage layer performs — plain REST create/update, each entry of a transaction or
 * batch Bundle (a failure rolls the whole transaction back), conditional writes and writes made
 * in-process by our own Camel routes through the DAOs — and they hand us the parsed resource, so
 * nothing is parsed twice. The hooks run late ({@link #HOOK_ORDER}) so that interceptors filling
 * fields in before storage (e.g. the MRN assigner) run first and we validate what is really stored.
 *
 * <p>Unprofiled writes cost one pass over meta.profile and one map lookup (see bench/profiles).
 */
@Interceptor
public final class ProfileEnforcingInterceptor {

  /** After default-order (0) PRESTORAGE hooks, which may still complete the resource. */
  public static final int HOOK_ORDER = 1000;

  private final FhirContext ctx;
  private final IValidationSupport validationSupport;
  private final EnforcementPolicy policy;
  private final FhirValidator validator;

  /**
   * @param ctx the server's (R4) FhirContext
   * @param validationSupport a chain that knows our package and the core definitions, e.g.
   *     {@code NeuroFhirPackage.standaloneValidationSupport()} or HAPI JPA's validation chain with
   *     {@code NeuroFhirPackage.validationSupport()} added
   */
  public ProfileEnforcingInterceptor(FhirContext ctx, IValidationSupport validationSupport, EnforcementPolicy policy) {
    this.ctx = ctx;
    this.validationSupport = validationSupport;
    this.policy = policy;
    FhirInstanceValidator module = new FhirInstanceValidator(validationSupport);
    this.validator = ctx.newValidator().setValidateAgainstStandardSchema(false).setValidateAgainstStandardSchematron(false);
    this.validator.registerValidatorModule(module);
  }

  /**
   * Runs one validation so the HL7 validator converts the core definitions now (about 1.5-14 s on
   * our 2-core box, bench/profiles) and not on the first clinical write. Call once at server start,
   * e.g. with {@code pkg.examples().get("Patient-clinic-patient-example.json")}.
   */
  public void warmUp(IBaseResource validResource) {
    validator.validateWithResult(validResource);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = HOOK_ORDER)
  public void resourceCreated(IBaseResource resource) {
    enforce(resource);
  }

  /** HAPI passes the previous contents first, then the proposed new contents. */
  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = HOOK_ORDER)
  public void resourceUpdated(IBaseResource previous, IBaseResource updated) {
    enforce(updated);
  }

  /**
   * Validates {@code resource} if the policy covers it; throws {@link UnprocessableEntityException}
   * when it does not conform. Returns whether it was validated (false = the fast skip path).
   */
  public boolean enforce(IBaseResource resource) {
    boolean claimsOwnProfile = false;
    List<? extends IPrimitiveType<String>> claimed = resource.getMeta().getProfile();
    for (int i = 0; i < claimed.size(); i++) {
      String url = claimed.get(i).getValue();
      if (url != null && url.startsWith(policy.ownProfilePrefix())) {
        claimsOwnProfile = true;
        if (validationSupport.fetchStructureDefinition(url) == null) {
          throw reject(List.of(issue("Unknown NeuroFHIR profile '" + url + "'",
              ctx.getResourceType(resource) + ".meta.profile[" + i + "]")));
        }
      }
    }
    String defaultProfile = policy.defaultProfileByResourceType().isEmpty()
        ? null
        : policy.defaultProfileByResourceType().get(ctx.getResourceType(resource));
    if (!claimsOwnProfile && defaultProfile == null) {
      return false;
    }
    ValidationOptions options = new ValidationOptions();
    if (defaultProfile != null) {
      options.addProfile(defaultProfile);
    }
    ValidationResult result = validator.validateWithResult(resource, options);
    List<OperationOutcome.OperationOutcomeIssueComponent> errors = result.getMessages().stream()
        .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
        .map(ProfileEnforcingInterceptor::toIssue)
        .toList();
    if (!errors.isEmpty()) {
      throw reject(errors);
    }
    return true;
  }

  private UnprocessableEntityException reject(List<OperationOutcome.OperationOutcomeIssueComponent> issues) {
    OperationOutcome oo = new OperationOutcome();
    issues.forEach(oo::addIssue);
    return new UnprocessableEntityException(ctx, oo);
  }

  private static OperationOutcome.OperationOutcomeIssueComponent toIssue(SingleValidationMessage m) {
    OperationOutcome.OperationOutcomeIssueComponent issue = issue(m.getMessage(), m.getLocationString());
    issue.setSeverity(m.getSeverity() == ResultSeverityEnum.FATAL ? IssueSeverity.FATAL : IssueSeverity.ERROR);
    return issue;
  }

  private static OperationOutcome.OperationOutcomeIssueComponent issue(String message, String location) {
    OperationOutcome.OperationOutcomeIssueComponent issue = new OperationOutcome.OperationOutcomeIssueComponent();
    issue.setSeverity(IssueSeverity.ERROR);
    issue.setCode(IssueType.PROCESSING);
    issue.setDiagnostics(message);
    if (location != null) {
      issue.addExpression(location);
      issue.addLocation(location);
    }
    return issue;
  }
}
