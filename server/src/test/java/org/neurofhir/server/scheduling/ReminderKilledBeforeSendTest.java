package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerProcess;
import org.neurofhir.server.support.TestDatabase;
import org.neurofhir.server.support.TestMailServer;
import org.neurofhir.server.support.TestTokens;

/**
 * Exactly once across a crash: the server takes a due reminder and is killed (SIGKILL) while it waits for the SMTP
 * server (one that accepts the connection and never answers, so the message cannot have been accepted). Started
 * again on the same database with a working SMTP server (GreenMail), it sends the reminder once the dead node's
 * lease has run out: one e-mail, one Communication. Runs in both database passes without the suite's shared server;
 * the servers' logs stay in {@code server/target/reminder-killed-before-send/}.
 */
class ReminderKilledBeforeSendTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  /** A server start-up takes ~40 s on an idle 2-core box and several minutes while other builds share it. */
  private static final Duration STARTUP = Duration.ofMinutes(8);
  private static final Duration LEASE = Duration.ofSeconds(20);

  static {
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
  }

  private final List<ServerProcess> servers = new ArrayList<>();

  @BeforeAll
  static void requireDatabase() {
    Assumptions.assumeTrue(TestDatabase.available(), "database for this run not reachable: " + System.getProperty(TestDatabase.PROPERTY));
  }

  @AfterEach
  void stopServers() throws InterruptedException {
    for (ServerProcess s : servers) {
      s.stop();
    }
  }

  @Test
  void aReminderTakenByAServerKilledBeforeTheSmtpServerAcceptedItIsSentOnceAfterTheRestart(@TempDir Path tmp)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Path logs = Path.of("target", "reminder-killed-before-send", (TestDatabase.isPostgres() ? "postgresql-" : "h2-") + run);
    Map<String, String> database = TestDatabase.separateDatabase(tmp.resolve("db"));
    try (SilentSmtpServer silent = new SilentSmtpServer()) {
      ServerProcess first = server(tmp, database, silent.port(), "600000");
      Path firstLog = logs.resolve("server-1.log").toAbsolutePath();
      first.start(firstLog, STARTUP);
      IGenericClient fhir = client(first);
      String email = "killed-" + run + "@example.org";
      String patient = patientWithEmail(fhir, email);
      Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(2)).plusSeconds(10);
      String appointment = booked(fhir, patient, start);

      Poll.until(Duration.ofSeconds(90), "the first server connecting to the SMTP server (log " + firstLog + ")",
          () -> silent.connections() > 0);
      assertThat(reminders(fhir, patient)).as("nothing recorded while the SMTP server has not answered").isEmpty();
      first.kill();
      assertThat(TestMailServer.to(email)).isEmpty();

      ServerProcess second = server(tmp, database, TestMailServer.port(), "30000");
      Path secondLog = logs.resolve("server-2.log").toAbsolutePath();
      second.start(secondLog, STARTUP);
      IGenericClient restarted = client(second);
      Poll.until(LEASE.plus(Duration.ofSeconds(60)), "the reminder e-mail from the restarted server (log " + secondLog + ")",
          () -> !TestMailServer.to(email).isEmpty());
      Thread.sleep(3_000); // more polls of the restarted server
      assertThat(TestMailServer.to(email)).hasSize(1);
      List<Communication> recorded = reminders(restarted, patient);
      assertThat(recorded).hasSize(1);
      assertThat(recorded.get(0).getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
      assertThat(recorded.get(0).getAboutFirstRep().getReference()).isEqualTo(appointment);
      assertThat(Files.readAllLines(secondLog).stream().filter(l -> l.contains("before " + appointment + " sent by email")))
          .hasSize(1);
      assertThat(silent.connections()).as("the silent SMTP server got the first try only").isEqualTo(1);
    }
  }

  private ServerProcess server(Path tmp, Map<String, String> database, int smtpPort, String smtpTimeoutMillis)
      throws IOException {
    ServerProcess s = new ServerProcess(tmp, database, List.of(
        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
        "--spring.mail.properties.mail.smtp.timeout=" + smtpTimeoutMillis,
        "--neurofhir.scheduling.reminders.lease=" + LEASE.toSeconds() + "s",
        "--neurofhir.pipeline.enabled=false"));
    servers.add(s);
    return s;
  }

  private static IGenericClient client(ServerProcess server) {
    IGenericClient c = FHIR.newRestfulGenericClient(server.baseUrl() + "/fhir");
    c.registerInterceptor(new BearerTokenAuthInterceptor(new TestTokens(server.baseUrl()).admin()));
    return c;
  }

  private static String patientWithEmail(IGenericClient fhir, String email) {
    Patient p = new Patient();
    p.addName().setFamily("Killed").addGiven("Test");
    p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(email);
    return fhir.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
  }

  private static String booked(IGenericClient fhir, String patient, Instant start) {
    Practitioner doctor = new Practitioner();
    doctor.addName().setFamily("Killed").addGiven("Dr");
    String practitioner = fhir.create().resource(doctor).execute().getId().toUnqualifiedVersionless().getValue();
    return fhir.create().resource(RemindersTest.bookedWithoutAgenda(patient, practitioner, start)).execute().getId()
        .toUnqualifiedVersionless().getValue();
  }

  private static List<Communication> reminders(IGenericClient fhir, String patient) {
    Bundle b = fhir.search().forResource(Communication.class).where(Communication.SUBJECT.hasId(patient))
        .returnBundle(Bundle.class).execute();
    return b.getEntry().stream().map(e -> (Communication) e.getResource()).toList();
  }

  /** Accepts SMTP connections and never says anything: a client waits for the greeting until its timeout. */
  private static final class SilentSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = Collections.synchronizedList(new ArrayList<>());

    SilentSmtpServer() throws IOException {
      socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        try {
          while (true) {
            accepted.add(socket.accept());
          }
        } catch (IOException closed) {
          // close() ends the loop
        }
      }, "silent-smtp");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int connections() {
      return accepted.size();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
