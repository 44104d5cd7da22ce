package org.neurofhir.server.record.treatment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A MedicationRequest or MedicationStatement of a shipped medication whose single dose exceeds its limit
 * ({@link DoseLimits}) is stored, with a warning: the doctor may mean it (a loading dose), so it is not refused.
 * The warnings join the OperationOutcome of a create or update answered with {@code Prefer: return=OperationOutcome}
 * through {@link DoseWarnings} (not yet the entries of a transaction response).
 */
@Interceptor
public class DoseCheck {

  private final DoseLimits limits;

  DoseCheck(DoseLimits limits) {
    this.limits = limits;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    check(resource, request);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    check(resource, request);
  }

  private void check(IBaseResource resource, RequestDetails request) {
    List<OperationOutcome.OperationOutcomeIssueComponent> warnings = new ArrayList<>();
    if (resource instanceof MedicationRequest mr && mr.hasMedicationCodeableConcept()) {
      warnings.addAll(check("MedicationRequest", mr.getMedicationCodeableConcept(), mr.getDosageInstruction(), "dosageInstruction"));
    } else if (resource instanceof MedicationStatement ms && ms.hasMedicationCodeableConcept()) {
      warnings.addAll(check("MedicationStatement", ms.getMedicationCodeableConcept(), ms.getDosage(), "dosage"));
    }
    if (!warnings.isEmpty() && request != null) {
      DoseWarnings.add(request, warnings);
    }
  }

  private List<OperationOutcome.OperationOutcomeIssueComponent> check(String type, CodeableConcept medication,
      List<Dosage> dosages, String element) {
    List<OperationOutcome.OperationOutcomeIssueComponent> out = new ArrayList<>();
    limits.forCodes(medication.getCoding()).ifPresent(limit -> {
      Quantity max = limit.maxPerAdministration();
      for (int d = 0; d < dosages.size(); d++) {
        for (int r = 0; r < dosages.get(d).getDoseAndRate().size(); r++) {
          var rate = dosages.get(d).getDoseAndRate().get(r);
          if (!rate.hasDoseQuantity()) {
            continue;
          }
          Quantity dose = rate.getDoseQuantity();
          if (dose.hasValue() && max.getCode().equals(dose.getCode()) && dose.getValue().compareTo(max.getValue()) > 0) {
            out.add(new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(OperationOutcome.IssueSeverity.WARNING).setCode(OperationOutcome.IssueType.BUSINESSRULE)
                .setDiagnostics("A single dose of " + dose.getValue().toPlainString() + " " + dose.getCode() + " "
                    + limit.medication() + " is above the clinic's limit of " + max.getValue().toPlainString() + " "
                    + max.getCode() + "; stored, please check")
                .addExpression(type + "." + element + "[" + d + "].doseAndRate[" + r + "].doseQuantity"));
          }
        }
      }
    });
    return out;
  }
}
