package org.neurofhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/**
 * Each entry of a batch or transaction leaves its own AuditEvent: what it read or wrote ({@code entity.name}), its
 * interaction and its own outcome, so the trail shows what happened inside a bundle and not only that one was sent.
 */
class BundleEntryAuditTest extends ServerTestBase {

  private static final CacheControlDirective NO_CACHE = new CacheControlDirective().setNoCache(true);

  private List<AuditEvent> eventsAbout(String entity) {
    Bundle b = client.search().byUrl("AuditEvent?entity-name=" + entity + "&_sort=-date&_count=50")
        .cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
    return b.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
  }

  private AuditEvent awaitEntryEvent(String entity, String subtype, String detail) {
    AuditEvent[] found = new AuditEvent[1];
    try {
      Poll.until(Duration.ofSeconds(20), subtype + " of " + entity, () -> {
        found[0] = eventsAbout(entity).stream()
            .filter(e -> e.getSubtype().stream().anyMatch(c -> c.getCode().equals(subtype)))
            .filter(e -> e.getOutcomeDesc() != null && e.getOutcomeDesc().contains(detail))
            .findFirst().orElse(null);
        return found[0] != null;
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; events about it: " + eventsAbout(entity).stream()
          .map(a -> a.getSubtypeFirstRep().getCode() + " " + a.getOutcomeDesc()).toList(), e);
    }
    return found[0];
  }

  @Test
  void eachBatchEntryIsAuditedWithItsOwnOutcome() {
    String id = unique("aud-batch");
    Patient p = new Patient();
    p.setId("Patient/" + id);
    p.addName().setFamily("Batched");
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + id);
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().setText("pulse");
    o.setSubject(new Reference("Patient/" + id));
    batch.addEntry().setResource(o).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + id);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + id + "-missing");
    Bundle answers = client.transaction().withBundle(batch).execute();
    String observation = answers.getEntry().get(1).getResponse().getLocation().replaceAll("/_history/.*", "");

    AuditEvent update = awaitEntryEvent("Patient/" + id, "update", "batch entry 1 of 4");
    assertThat(update.getAction()).isEqualTo(AuditEvent.AuditEventAction.U);
    assertThat(update.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(update.getAgentFirstRep().getName()).isEqualTo(TestTokens.ADMIN_CLIENT);

    AuditEvent create = awaitEntryEvent(observation, "create", "batch entry 2 of 4");
    assertThat(create.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);

    AuditEvent read = awaitEntryEvent("Patient/" + id, "read", "batch entry 3 of 4");
    assertThat(read.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);

    AuditEvent missing = awaitEntryEvent("Patient/" + id + "-missing", "read", "batch entry 4 of 4");
    assertThat(missing.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(missing.getOutcomeDesc()).startsWith("HTTP 404");
  }

  @Test
  void entriesOfARefusedTransactionAreAuditedAsNotPerformed() {
    SecurityFixtures res = new SecurityFixtures(FHIR, http, fhirBase());
    String mine = SecurityFixtures.newId("aud-tx-me");
    String other = SecurityFixtures.newId("aud-tx-other");
    res.put(SecurityFixtures.patient(mine), adminToken());
    res.put(SecurityFixtures.patient(other), adminToken());
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + mine);
    Appointment forTwo = new Appointment();
    forTwo.setStatus(Appointment.AppointmentStatus.PROPOSED);
    forTwo.addParticipant().setActor(new Reference("Patient/" + mine));
    forTwo.addParticipant().setActor(new Reference("Patient/" + other));
    tx.addEntry().setResource(forTwo).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Appointment");
    int status = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(tx), patientToken(mine))
        .statusCode();
    assertThat(status).isEqualTo(403);

    AuditEvent refused = awaitEntryEvent("Appointment", "create", "Patient/" + other);
    assertThat(refused.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
    assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(refused.getOutcomeDesc()).startsWith("HTTP 403").contains("transaction entry 2 of 2, not performed");
    assertThat(awaitEntryEvent("Patient/" + mine, "read", "transaction entry 1 of 2").getOutcome())
        .as("rolled back with the rest").isEqualTo(AuditEvent.AuditEventOutcome._4);
  }
}
