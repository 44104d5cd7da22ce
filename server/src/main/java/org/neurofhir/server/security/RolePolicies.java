package org.neurofhir.server.security;

import static org.neurofhir.server.security.Interaction.CREATE;
import static org.neurofhir.server.security.Interaction.DELETE;
import static org.neurofhir.server.security.Interaction.READ;
import static org.neurofhir.server.security.Interaction.SEARCH;
import static org.neurofhir.server.security.Interaction.UPDATE;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.ArrayList;
import org.springframework.security.core.context.SecurityContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurofhir.server.security.AccessPolicy.Grant;

/**
 * The role table of server/README.md "Security", and how a token's SMART scopes narrow it: a user gets what
 * their roles allow <em>and</em> their token's resource scopes allow; a system client (no role) gets exactly its
 * {@code system/} scopes. Operations come from {@code neurofhir.security.role-operations}.
 */
public final class RolePolicies {

  private static final Set<Interaction> CRUDS = EnumSet.allOf(Interaction.class);
  private static final Set<Interaction> RS = EnumSet.of(READ, SEARCH);
  private static final Set<Interaction> CRUS = EnumSet.of(CREATE, READ, UPDATE, SEARCH);

  /** Types that tell nobody anything clinical; patients may read them to book appointments. */
  private static final List<String> DIRECTORY =
      List.of("Practitioner", "PractitionerRole", "Organization", "Location", "Schedule", "Slot", "HealthcareService");

  private static final Map<Role, List<Grant>> ROLE_GRANTS =
      Map.of(
          Role.DOCTOR, List.of(grant("*", CRUDS)),
          Role.NURSE,
              List.of(grant("*", RS), grant("Observation", CRUS), grant("Procedure", CRUS), grant("Task", CRUS)),
          Role.SECRETARY,
              List.of(
                  grant("Patient", CRUDS),
                  grant("Appointment", CRUDS),
                  grant("Schedule", CRUDS),
                  grant("Slot", CRUDS),
                  grant("Practitioner", RS),
                  grant("PractitionerRole", RS),
                  grant("Organization", RS),
                  grant("Location", RS),
                  grant("Encounter", CRUS),
                  grant("ImagingStudy", CRUS),
                  grant("Binary", EnumSet.of(CREATE, READ)),
                  grant("Task", CRUS)),
          Role.PATIENT, patientGrants());

  private static final String POLICY = RolePolicies.class.getName() + ".policy";
  private static final String CALLER = RolePolicies.class.getName() + ".caller";
  private static final String SPRING_SECURITY_CONTEXT =
      org.springframework.security.web.context.RequestAttributeSecurityContextRepository.class.getName()
          + ".SPRING_SECURITY_CONTEXT";

  private final Map<String, List<String>> roleOperations;

  public RolePolicies(Map<String, List<String>> roleOperations) {
    this.roleOperations = roleOperations;
  }

  public AccessPolicy policyFor(Caller caller) {
    List<SmartScope> resourceScopes =
        caller.isUser()
            ? caller.scopes()
            : caller.scopes().stream().filter(s -> s.context() == SmartScope.Context.SYSTEM).toList();
    boolean scopesUnrestricted =
        resourceScopes.isEmpty()
            || resourceScopes.stream().anyMatch(s -> s.context() != SmartScope.Context.PATIENT
                && "*".equals(s.resourceType()) && s.interactions().equals(CRUDS));

    if (caller.has(Role.ADMIN) && scopesUnrestricted) {
      return new AccessPolicy(true, List.of(), Optional.empty(), List.of(), true);
    }
    List<Grant> grants;
    Optional<String> compartment = caller.patientId();
    boolean launched = false;
    if (caller.isUser()) {
      List<Grant> roleGrants = new ArrayList<>();
      caller.roles().forEach(r -> roleGrants.addAll(r == Role.ADMIN ? List.of(grant("*", CRUDS)) : ROLE_GRANTS.get(r)));
      List<SmartScope> patientScopes =
          resourceScopes.stream().filter(s -> s.context() == SmartScope.Context.PATIENT).toList();
      List<SmartScope> wideScopes =
          resourceScopes.stream().filter(s -> s.context() != SmartScope.Context.PATIENT).toList();
      if (compartment.isEmpty() && !caller.has(Role.PATIENT) && caller.launchPatient().isPresent()
          && wideScopes.isEmpty() && !patientScopes.isEmpty()) {
        // an app an EHR opened for one patient, with patient/ scopes only: that patient's record, within the role
        compartment = caller.launchPatient();
        grants = launchGrants(intersect(roleGrants, patientScopes));
        launched = true;
      } else {
        // patient/ scopes are about one patient's record; without a patient (a staff user without a launch
        // context) they cannot be honoured, and must not widen to every patient's resources of that type
        List<SmartScope> effective = caller.patientId().isPresent() ? resourceScopes : wideScopes;
        grants = resourceScopes.isEmpty() ? roleGrants : intersect(roleGrants, effective);
      }
    } else {
      grants = resourceScopes.stream().map(s -> grant(s.resourceType(), s.interactions())).toList();
    }
    if (compartment.isEmpty()) {
      // a patient user not linked to a Patient resource reaches no compartment at all
      grants = grants.stream().filter(g -> !g.inPatientCompartment()).toList();
    }
    Set<String> operations = new LinkedHashSet<>();
    // a launched token's operations would run with the server's rights on any patient: only the compartment's
    // own $everything (FhirAuthorizationInterceptor) is left to it
    if (!launched) {
      caller.roles().forEach(r -> operations.addAll(roleOperations.getOrDefault(r.id(), List.of())));
    }
    if (!caller.isUser()) {
      operations.addAll(roleOperations.getOrDefault("system", List.of()));
    }
    return new AccessPolicy(false, grants, compartment, List.copyOf(operations), caller.has(Role.ADMIN));
  }

  /**
   * The policy of the caller of this FHIR request: from this thread's security context, or from the servlet request
   * when HAPI works on another thread (a search's background task); {@link AccessPolicy#none()} without a caller.
   */
  public AccessPolicy policyFor(RequestDetails request) {
    if (request != null && request.getUserData().get(POLICY) instanceof AccessPolicy known) {
      return known;
    }
    Optional<Caller> caller = callerOf(request);
    AccessPolicy policy = caller.map(this::policyFor).orElse(AccessPolicy.none());
    if (request != null && caller.isPresent()) {
      // batch entries run on HAPI's worker threads, which have no security context; they share this map
      request.getUserData().put(POLICY, policy);
    }
    return policy;
  }

  /**
   * The caller of this FHIR request: from the request's own map (kept there for HAPI's batch worker threads), this
   * thread's security context, or the servlet request when HAPI works on another thread.
   */
  public static Optional<Caller> callerOf(RequestDetails request) {
    if (request != null && request.getUserData().get(CALLER) instanceof Caller known) {
      return Optional.of(known);
    }
    Optional<Caller> caller = CallerAuthenticationToken.current();
    if (caller.isEmpty() && request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
        && servlet.getServletRequest().getAttribute(SPRING_SECURITY_CONTEXT) instanceof SecurityContext context
        && context.getAuthentication() instanceof CallerAuthenticationToken token) {
      caller = Optional.of(token.caller());
    }
    if (request != null && caller.isPresent()) {
      request.getUserData().put(CALLER, caller.get());
    }
    return caller;
  }

  /** The operations some role other than admin may invoke: what the server shows to callers without a token. */
  public Set<String> operationsOfNonAdminRoles() {
    Set<String> operations = new LinkedHashSet<>();
    roleOperations.forEach((role, names) -> {
      if (!Role.ADMIN.id().equals(role)) {
        operations.addAll(names);
      }
    });
    return operations;
  }

  /** Each role grant, cut down to what the scopes allow on the same types. */
  private static List<Grant> intersect(List<Grant> roleGrants, List<SmartScope> scopes) {
    Set<String> types = new LinkedHashSet<>();
    roleGrants.forEach(g -> types.add(g.resourceType()));
    scopes.forEach(s -> types.add(s.resourceType()));
    List<Grant> result = new ArrayList<>();
    Map<Boolean, List<Grant>> byCompartment = new HashMap<>();
    roleGrants.forEach(g -> byCompartment.computeIfAbsent(g.inPatientCompartment(), k -> new ArrayList<>()).add(g));
    for (var entry : byCompartment.entrySet()) {
      for (String type : types) {
        Set<Interaction> fromRole = union(entry.getValue(), type);
        Set<Interaction> fromScopes = EnumSet.noneOf(Interaction.class);
        scopes.stream()
            .filter(s -> "*".equals(type) ? "*".equals(s.resourceType()) : s.appliesTo(type))
            .forEach(s -> fromScopes.addAll(s.interactions()));
        fromRole.retainAll(fromScopes);
        if (!fromRole.isEmpty()) {
          result.add(new Grant(type, fromRole, entry.getKey()));
        }
      }
    }
    return result;
  }

  private static Set<Interaction> union(List<Grant> grants, String type) {
    Set<Interaction> result = EnumSet.noneOf(Interaction.class);
    grants.stream()
        .filter(g -> "*".equals(g.resourceType()) || g.resourceType().equals(type))
        .filter(g -> !"*".equals(type) || "*".equals(g.resourceType()))
        .forEach(g -> result.addAll(g.interactions()));
    return result;
  }

  /**
   * A launched token's grants: the scoped role grants in the launch patient's compartment, and reading the
   * directory (who and where) and the Binaries behind what it may read (BinaryReadGuard) as a patient does.
   */
  private static List<Grant> launchGrants(List<Grant> scoped) {
    List<Grant> grants = new ArrayList<>();
    scoped.forEach(g -> grants.add(new Grant(g.resourceType(), g.interactions(), true)));
    List<String> outside = new ArrayList<>(DIRECTORY);
    outside.add("Binary");
    for (String type : outside) {
      Set<Interaction> allowed = union(scoped, type);
      allowed.retainAll("Binary".equals(type) ? EnumSet.of(READ) : RS);
      if (!allowed.isEmpty()) {
        grants.add(grant(type, allowed));
      }
    }
    return List.copyOf(grants);
  }

  private static List<Grant> patientGrants() {
    List<Grant> grants = new ArrayList<>();
    grants.add(new Grant("*", RS, true));
    // book and cancel (status = cancelled) their own appointments
    grants.add(new Grant("Appointment", EnumSet.of(CREATE, UPDATE), true));
    DIRECTORY.forEach(t -> grants.add(grant(t, RS)));
    // the files behind their own documents and reports: BinaryReadGuard lets a Binary through only when a resource
    // the patient may read points at it (no search: Binary search could not be narrowed to them)
    grants.add(grant("Binary", EnumSet.of(READ)));
    return List.copyOf(grants);
  }

  private static Grant grant(String type, Set<Interaction> interactions) {
    return new Grant(type, interactions, false);
  }
}
