package org.neurofhir.server.scheduling.reminder;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.neurofhir.server.scheduling.SchedulingProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each node's poller: every {@code poll-interval} it takes the due reminders no node holds (a lease, see
 * {@link ReminderSchedule#claimDue}), sends each and records it. The row becomes {@code sent} in the transaction that
 * stores its Communication, right after the SMTP server (or SMS gateway) accepted the message. A node killed before
 * that leaves the row claimed; once the lease runs out any node sends it. So a reminder goes once, except when a
 * node dies between the server's acceptance and that commit: then it goes once more, with the same Message-ID.
 */
public class ReminderDispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReminderDispatcher.class);
  private static final int BATCH = 20;
  /** Sent and given-up rows are kept this long after the appointment's start, then purged. */
  private static final Duration KEEP_FINISHED = Duration.ofDays(30);

  /** Everything sending needs; {@code mail} null = no SMTP server configured. The dispatcher's null = off. */
  record Senders(ReminderMail mail, SmsSender sms, List<PatientContact.Channel> channels) {}

  private final ReminderSchedule schedule;
  private final IFhirResourceDao<Appointment> appointments;
  private final IFhirResourceDao<Patient> patients;
  private final IFhirResourceDao<Communication> communications;
  private final AppointmentFacts facts;
  private final ReminderTemplates templates;
  private final Senders senders;
  private final TransactionTemplate transaction;
  private final SchedulingProperties.Reminders settings;
  private final Clock clock;
  private final String node;
  private ScheduledExecutorService executor;
  private volatile Instant nextPurge = Instant.MIN;

  ReminderDispatcher(ReminderSchedule schedule, IFhirResourceDao<Appointment> appointments,
      IFhirResourceDao<Patient> patients, IFhirResourceDao<Communication> communications, AppointmentFacts facts,
      ReminderTemplates templates, Senders senders, PlatformTransactionManager transactions,
      SchedulingProperties.Reminders settings, Clock clock, String node) {
    this.schedule = schedule;
    this.appointments = appointments;
    this.patients = patients;
    this.communications = communications;
    this.facts = facts;
    this.templates = templates;
    this.senders = senders;
    this.transaction = new TransactionTemplate(transactions);
    this.settings = settings;
    this.clock = clock;
    this.node = node;
  }

  /** One round: takes and handles what is due now; returns how many reminders this call took. */
  public int poll() {
    if (senders == null) {
      return 0;
    }
    Instant now = clock.instant();
    if (now.isAfter(nextPurge)) {
      schedule.purgeFinished(now.minus(KEEP_FINISHED));
      nextPurge = now.plus(Duration.ofHours(1));
    }
    List<ReminderSchedule.Claim> claims = schedule.claimDue(now, settings.lease(), node, BATCH);
    for (ReminderSchedule.Claim claim : claims) {
      try {
        handle(claim);
      } catch (RuntimeException e) {
        // the lease runs out and it is tried again, up to max-attempts
        log.warn("Reminder {} for Appointment/{} failed unexpectedly (attempt {}): {}", claim.id(),
            claim.appointmentId(), claim.attempts(), e.toString());
      }
    }
    return claims.size();
  }

  private void handle(ReminderSchedule.Claim claim) {
    Optional<Appointment> appointment = read(claim.appointmentId());
    if (appointment.isEmpty() || !ReminderPlanner.remindable(appointment.get())
        || !appointment.get().getStart().toInstant().equals(claim.appointmentStart())) {
      schedule.drop(claim); // cancelled, moved or deleted in a way the storage hook had not seen yet
      return;
    }
    String patientRef = PatientParticipant.of(appointment.get()).orElseThrow();
    Patient patient;
    try {
      patient = patients.read(new IdType(patientRef), new SystemRequestDetails());
    } catch (BaseServerResponseException gone) {
      schedule.drop(claim);
      return;
    }
    if (claim.attempts() > settings.maxAttempts()) {
      giveUp(claim, patientRef, Optional.empty(), "not sent after " + settings.maxAttempts()
          + " tries: each try ended before it finished (the server stopped while sending)");
      return;
    }
    Instant now = clock.instant();
    if (!claim.appointmentStart().isAfter(now)) {
      giveUp(claim, patientRef, Optional.empty(), "not sent before the appointment started ("
          + claim.appointmentStart() + ")");
      return;
    }
    PatientContact.Choice choice = PatientContact.choose(patient, senders.channels(), now);
    if (choice.contact().isEmpty()) {
      giveUp(claim, patientRef, Optional.empty(), choice.whyNone() + "; nobody was reminded");
      return;
    }
    PatientContact contact = choice.contact().get();
    ReminderTemplates.Text text = templates.render(templates.languageFor(PatientContact.languages(patient)),
        facts.of(appointment.get()));
    try {
      if (contact.channel() == PatientContact.Channel.EMAIL) {
        senders.mail().send(claim.id(), contact.address(), text, now);
      } else {
        senders.sms().send(contact.address(), text.sms());
      }
    } catch (MessagingException | RuntimeException e) {
      failed(claim, patientRef, contact, e);
      return;
    }
    Instant sentAt = clock.instant();
    transaction.executeWithoutResult(status -> {
      String id = communications.create(ReminderCommunications.sent(claim, patientRef, contact, text, sentAt),
          new SystemRequestDetails()).getId().getIdPart();
      if (!schedule.finish(claim, ReminderSchedule.SENT, Optional.of(contact.channel().code), id, sentAt)) {
        log.warn("Reminder {} for Appointment/{} was sent, but this node's lease on it had run out (the send took "
            + "longer than neurofhir.scheduling.reminders.lease) or the appointment changed meanwhile", claim.id(),
            claim.appointmentId());
      }
      log.info("Reminder {} before Appointment/{} sent by {} to {} in {} (Communication/{})",
          ReminderCommunications.humanLead(claim), claim.appointmentId(), contact.channel().code, contact.masked(),
          text.language(), id);
    });
  }

  private void failed(ReminderSchedule.Claim claim, String patientRef, PatientContact contact, Exception e) {
    boolean refused = causedBy(e, SendFailedException.class);
    String reason = (contact.channel() == PatientContact.Channel.EMAIL ? "e-mail" : "SMS") + " to "
        + contact.masked() + " not accepted: " + rootMessage(e);
    if (refused || claim.attempts() >= settings.maxAttempts()) {
      giveUp(claim, patientRef, Optional.of(contact.channel()), refused ? reason
          : reason + " (" + claim.attempts() + " tries)");
      return;
    }
    Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(20, claim.attempts() - 1));
    log.warn("Reminder {} for Appointment/{}: {}; trying again in {}", claim.id(), claim.appointmentId(), reason, wait);
    schedule.retryAt(claim, clock.instant().plus(wait));
  }

  /** Recorded as not-done, once: a node that lost its claim meanwhile stores nothing. */
  private void giveUp(ReminderSchedule.Claim claim, String patientRef, Optional<PatientContact.Channel> channel,
      String reason) {
    transaction.executeWithoutResult(status -> {
      String id = communications.create(ReminderCommunications.notDone(claim, patientRef, channel, reason),
          new SystemRequestDetails()).getId().getIdPart();
      if (schedule.finish(claim, ReminderSchedule.FAILED, channel.map(c -> c.code), id, clock.instant())) {
        log.info("Reminder {} before Appointment/{} not sent: {} (Communication/{})",
            ReminderCommunications.humanLead(claim), claim.appointmentId(), reason, id);
      } else {
        status.setRollbackOnly();
      }
    });
  }

  private Optional<Appointment> read(String id) {
    try {
      return Optional.of(appointments.read(new IdType("Appointment", id), new SystemRequestDetails()));
    } catch (BaseServerResponseException gone) {
      return Optional.empty();
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.strip();
  }

  @Override
  public synchronized void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "reminders");
      t.setDaemon(true);
      return t;
    });
    long every = settings.pollInterval().toMillis();
    executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.warn("Reminder poll failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public boolean isAutoStartup() {
    return senders != null;
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  /** Started after HAPI's beans, stopped before them. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 100;
  }
}
