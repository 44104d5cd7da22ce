package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Transaction bundles posted over HTTP wait for room in the entry budget ({@link TransactionEntryBudget}). Each test
 * adds its own small budget to the running server beside the configured one, and holds a first bundle inside HAPI's
 * transaction with a gate, so that what a second bundle does meanwhile can be seen.
 */
class TransactionEntryBudgetTest extends ServerTestBase {

  @Autowired RestfulServer restfulServer;

  private TransactionEntryBudget budget;
  private final Gate gate = new Gate();
  private final ExecutorService clients = Executors.newFixedThreadPool(2);

  @AfterEach
  void removeBudget() {
    gate.open();
    clients.shutdown();
    if (budget != null) {
      restfulServer.unregisterInterceptor(budget);
    }
    restfulServer.unregisterInterceptor(gate);
  }

  @Test
  void aBundleWaitsWhileTheBudgetIsTakenAndRunsWhenRoomIsGiven() throws Exception {
    useBudget(3, Duration.ofMinutes(2));
    String held = unique("held");
    String waiting = unique("waiting");
    CompletableFuture<Bundle> first = holdInsideHapi(patients(held, 3));

    CompletableFuture<Bundle> second = postAsync(patients(waiting, 2));

    assertThat(eventually(budget::waiting, 1)).isEqualTo(1);
    assertThat(budget.entriesInFlight()).isEqualTo(3);
    assertThat(second).isNotDone();
    assertThat(patientsNamed(waiting)).isZero();

    gate.open();
    assertThat(first.get(60, TimeUnit.SECONDS).getEntry()).hasSize(3)
        .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
    assertThat(second.get(60, TimeUnit.SECONDS).getEntry()).hasSize(2);
    assertThat(patientsNamed(held)).isEqualTo(3);
    assertThat(patientsNamed(waiting)).isEqualTo(2);
    assertThat(eventually(budget::entriesInFlight, 0)).isZero();
    assertThat(budget.waiting()).isZero();
  }

  @Test
  void aBundleThatFindsNoRoomInTimeGets503WithRetryAfterAndNothingIsStored() throws Exception {
    useBudget(3, Duration.ofMillis(300));
    String held = unique("held");
    String refused = unique("refused");
    CompletableFuture<Bundle> first = holdInsideHapi(patients(held, 3));

    HttpResponse<String> response = http.send(
        authorized(HttpRequest.newBuilder(URI.create(fhirBase())))
            .header("Content-Type", "application/fhir+json")
            .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(
                patients(refused, 1))))
            .build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(response.body()).contains("OperationOutcome", "nothing was stored");
    gate.open();
    first.get(60, TimeUnit.SECONDS);
    assertThat(patientsNamed(refused)).isZero();
    assertThat(eventually(budget::entriesInFlight, 0)).isZero();
  }

  @Test
  void aBundleLargerThanTheWholeBudgetRunsAlone() throws Exception {
    useBudget(3, Duration.ofSeconds(5));
    String family = unique("large");

    Bundle response = client.transaction().withBundle(patients(family, 5)).execute();

    assertThat(response.getEntry()).hasSize(5);
    assertThat(patientsNamed(family)).isEqualTo(5);
    assertThat(eventually(budget::entriesInFlight, 0)).isZero();
  }

  @Test
  void aFailedBundleGivesItsRoomBack() throws Exception {
    useBudget(3, Duration.ofMillis(300));
    Bundle failing = patients(unique("failing"), 2);
    Observation dangling = new Observation();
    dangling.setStatus(Observation.ObservationStatus.FINAL);
    dangling.getCode().setText("refers to nothing");
    dangling.setSubject(new Reference("Patient/" + unique("missing")));
    failing.addEntry().setResource(dangling).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");

    assertThat(postAsync(failing)).failsWithin(Duration.ofSeconds(60));
    assertThat(eventually(budget::entriesInFlight, 0)).isZero();

    String family = unique("after");
    assertThat(client.transaction().withBundle(patients(family, 3)).execute().getEntry()).hasSize(3);
    assertThat(patientsNamed(family)).isEqualTo(3);
  }

  @Test
  void theConfiguredBudgetIsReportedAsMetrics() throws Exception {
    HttpResponse<String> metrics = http.send(
        authorized(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.body()).contains("neurofhir_transactions_waiting", "neurofhir_transactions_entries_in_flight");
  }

  private void useBudget(int entries, Duration maxWait) {
    budget = new TransactionEntryBudget(entries, maxWait);
    restfulServer.registerInterceptor(budget);
    restfulServer.registerInterceptor(gate);
  }

  /** Posts the bundle and returns once HAPI is processing it, held there until {@code gate.open()}. */
  private CompletableFuture<Bundle> holdInsideHapi(Bundle bundle) throws InterruptedException {
    gate.holdBundlesOf(((Patient) bundle.getEntryFirstRep().getResource()).getNameFirstRep().getFamily());
    CompletableFuture<Bundle> held = postAsync(bundle);
    assertThat(gate.reached.await(60, TimeUnit.SECONDS)).isTrue();
    return held;
  }

  private CompletableFuture<Bundle> postAsync(Bundle bundle) {
    return CompletableFuture.supplyAsync(() -> client.transaction().withBundle(bundle).execute(), clients);
  }

  /** The server gives room back after it has sent the response, so the client may look a moment too early. */
  private static int eventually(IntSupplier value, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (value.getAsInt() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return value.getAsInt();
  }

  private int patientsNamed(String family) {
    return client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(family))
        .returnBundle(Bundle.class).execute().getEntry().size();
  }

  private static Bundle patients(String family, int count) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (int i = 0; i < count; i++) {
      Patient patient = new Patient();
      patient.addName().setFamily(family).addGiven("P" + i);
      bundle.addEntry().setResource(patient).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
    }
    return bundle;
  }

  /** Holds, inside HAPI's transaction, every bundle whose first Patient has the given family name. */
  @Interceptor
  static final class Gate {
    final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch open = new CountDownLatch(1);
    private volatile String family = "";

    void holdBundlesOf(String family) {
      this.family = family;
    }

    void open() {
      open.countDown();
    }

    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void hold(IBaseBundle bundle) throws InterruptedException {
      if (bundle instanceof Bundle b && !b.getEntry().isEmpty() && b.getEntryFirstRep().getResource() instanceof Patient p
          && family.equals(p.getNameFirstRep().getFamily())) {
        reached.countDown();
        open.await(2, TimeUnit.MINUTES);
      }
    }
  }
}
