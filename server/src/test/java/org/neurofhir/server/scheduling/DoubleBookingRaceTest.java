package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

/** 50 parallel bookings of one slot: exactly one succeeds, the others get 409, and one appointment is stored. */
class DoubleBookingRaceTest extends SchedulingTestBase {

  @Test
  void fiftyParallelBookingsOfOneSlotLetExactlyOneWin() throws Exception {
    Doctor doctor = newDoctor();
    String scheduleId = store(clientWithToken(doctor.token()),
        rule(schedule(doctor.practitioner(), "UTC"), WEEKDAYS, "14:00:00", "15:00:00", 30, 1));
    LocalDate monday = mondayAhead(2);
    Instant slot = monday.atTime(14, 0).toInstant(ZoneOffset.UTC);
    IGenericClient secretary = secretary();
    List<String> patients = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      patients.add(newPatient());
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Integer>> jobs = new ArrayList<>();
    for (String patient : patients) {
      jobs.add(() -> {
        start.await();
        try {
          book(secretary, booking(scheduleId, slot, patient, "remote"));
          return 200;
        } catch (BaseServerResponseException e) {
          return e.getStatusCode();
        }
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      jobs.forEach(j -> futures.add(pool.submit(j)));
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : futures) {
        statuses.add(f.get());
      }
      assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
      assertThat(statuses.stream().filter(s -> s == 409)).hasSize(49);
    } finally {
      pool.shutdownNow();
    }
    Bundle stored = client.search().forResource(Appointment.class)
        .where(Appointment.ACTOR.hasId(doctor.practitioner())).returnBundle(Bundle.class).execute();
    assertThat(stored.getEntry()).hasSize(1);
    assertThat(freeStarts(scheduleId, monday.toString(), monday.toString())).doesNotContain(slot).hasSize(1);
  }
}
