package org.neurofhir.server.security;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderAppliesTo;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifierFinished;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.IdType;
import org.neurofhir.server.security.AccessPolicy.Grant;

/**
 * HAPI's AuthorizationInterceptor fed with the rules of the caller's {@link AccessPolicy}. HAPI checks every
 * entry of a batch/transaction, every resource of a response (includes, history, $everything) and every resource
 * before it is stored, so a compartment grant holds on all routes, not only on plain reads.
 */
public class FhirAuthorizationInterceptor extends AuthorizationInterceptor {

  private static final String AUDIT_EVENT = "AuditEvent";
  private final RolePolicies policies;

  public FhirAuthorizationInterceptor(RolePolicies policies) {
    super(PolicyEnum.DENY);
    this.policies = policies;
    // DEBUG on this logger shows which rule decided each request
    setTroubleshootingLog(org.slf4j.LoggerFactory.getLogger("org.neurofhir.server.security.authorization"));
  }

  @Override
  public List<IAuthRule> buildRuleList(RequestDetails request) {
    return rulesFor(policies.policyFor(request));
  }

  static List<IAuthRule> rulesFor(AccessPolicy policy) {
    IAuthRuleBuilder rules = new RuleBuilder();
    // Writes to the audit trail are refused where they are stored (audit.AuditEventWriteGuard): deny rules on
    // writes here would also catch conditional deletes of other types (HAPI evaluates those without a type).
    if (!policy.auditReader()) {
      rules = rules.deny("audit trail is for admins").read().resourcesOfType(AUDIT_EVENT).withAnyId().andThen();
    }
    rules = rules.allow().metadata().andThen();
    if (policy.everything()) {
      return rules.allowAll().build();
    }
    rules = rules.allow().transaction().withAnyOperation().andApplyNormalRules().andThen();
    // HAPI quirk (8.8, probed): a create() rule evaluated for an UPDATE denies instead of abstaining, so every
    // write() rule must come before any create() rule; a grant with both c and u uses write() alone.
    for (Phase phase : Phase.values()) {
      for (Grant grant : policy.grants()) {
        rules = addGrant(rules, grant, policy, phase);
      }
    }
    for (String op : policy.operations()) {
      rules = rules.allow().operation().named(op).atAnyLevel().andAllowAllResponses().andThen();
    }
    if (policy.patientCompartment().isPresent()) {
      IdType patient = new IdType(policy.patientCompartment().get());
      rules = rules.allow().operation().named("$everything").onInstance(patient)
          .andRequireExplicitResponseAuthorization().andThen();
    }
    // first: a batch as a whole is let through so that each entry is judged alone
    List<IAuthRule> built = new ArrayList<>(List.of(new BatchEntriesAnsweredAlone()));
    built.addAll(rules.denyAll("not permitted by role or scope").build());
    return built;
  }

  private enum Phase { READ, WRITE, CREATE, DELETE, CONDITIONAL }

  private static IAuthRuleBuilder addGrant(IAuthRuleBuilder rules, Grant grant, AccessPolicy policy, Phase phase) {
    Function<IAuthRuleBuilderAppliesTo<IAuthRuleBuilderRuleOpClassifier>, IAuthRuleBuilderRuleOpClassifierFinished>
        target = appliesTo -> {
          IAuthRuleBuilderRuleOpClassifier classifier =
              "*".equals(grant.resourceType()) ? appliesTo.allResources() : appliesTo.resourcesOfType(grant.resourceType());
          return grant.inPatientCompartment()
              ? classifier.inCompartment("Patient", new IdType(policy.patientCompartment().orElseThrow()))
              : classifier.withAnyId();
        };
    var i = grant.interactions();
    switch (phase) {
      case READ -> {
        // HAPI's read() covers read and search alike; the tester keeps r and s apart (SMART v2)
        if (i.contains(Interaction.READ) || i.contains(Interaction.SEARCH)) {
          rules = target.apply(rules.allow().read()).withTester(new ReadOrSearchTester(i)).andThen();
        }
      }
      case WRITE -> {
        // HAPI's write() covers create and update alike; with u but not c the tester refuses creates
        if (i.contains(Interaction.UPDATE)) {
          var rule = target.apply(rules.allow().write());
          rules = i.contains(Interaction.CREATE) ? rule.andThen() : rule.withTester(new NotCreateTester()).andThen();
        }
      }
      case CREATE -> {
        if (i.contains(Interaction.CREATE) && !i.contains(Interaction.UPDATE)) {
          rules = target.apply(rules.allow().create()).andThen();
        }
      }
      case DELETE -> {
        if (i.contains(Interaction.DELETE)) {
          rules = target.apply(rules.allow().delete()).andThen();
        }
      }
      case CONDITIONAL -> {
        // conditional forms for staff and system clients; the matched resource is then checked like any write
        if (!grant.inPatientCompartment()) {
          if (i.contains(Interaction.CREATE)) {
            rules = conditional(rules.allow().createConditional(), grant);
          }
          if (i.contains(Interaction.UPDATE)) {
            rules = conditional(rules.allow().updateConditional(), grant);
          }
          if (i.contains(Interaction.DELETE)) {
            rules = conditional(rules.allow().deleteConditional(), grant);
          }
        }
      }
    }
    return rules;
  }

  private static IAuthRuleBuilder conditional(
      ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleConditional builder, Grant grant) {
    return ("*".equals(grant.resourceType()) ? builder.allResources() : builder.resourcesOfType(grant.resourceType()))
        .andThen();
  }

  /** Read-type operations need {@code r}, search-type ones {@code s}; anything else (operations) either. */
  private record ReadOrSearchTester(Set<Interaction> interactions) implements IAuthRuleTester {

    private static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(
        RestOperationTypeEnum.SEARCH_TYPE,
        RestOperationTypeEnum.SEARCH_SYSTEM,
        RestOperationTypeEnum.GET_PAGE,
        RestOperationTypeEnum.HISTORY_TYPE,
        RestOperationTypeEnum.HISTORY_SYSTEM);
    private static final Set<RestOperationTypeEnum> READS =
        EnumSet.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD, RestOperationTypeEnum.HISTORY_INSTANCE);

    @Override
    public boolean matches(RuleTestRequest request) {
      return allows(request.operation);
    }

    @Override
    public boolean matchesOutput(RuleTestRequest request) {
      return allows(request.operation);
    }

    private boolean allows(RestOperationTypeEnum operation) {
      if (SEARCHES.contains(operation)) {
        return interactions.contains(Interaction.SEARCH);
      }
      if (READS.contains(operation)) {
        return interactions.contains(Interaction.READ);
      }
      return true;
    }
  }

  private static final class NotCreateTester implements IAuthRuleTester {
    @Override
    public boolean matches(RuleTestRequest request) {
      return request.operation != RestOperationTypeEnum.CREATE;
    }
  }
}
