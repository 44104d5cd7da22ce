package org.neurofhir.server.scheduling.reminder;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Patient;
import org.neurofhir.server.scheduling.SchedulingProperties;
import org.neurofhir.server.scheduling.availability.ScheduleDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Appointment reminders (server/README.md "Scheduling", Reminders). E-mail goes out only when an SMTP server is
 * configured (spring.mail.host: Spring Boot then provides the JavaMailSender), SMS only when listed in
 * {@code channels}; with neither, nothing is scheduled and the poller does not run. One INFO line at start says which.
 */
@Configuration
public class ReminderConfig {

  private static final Logger log = LoggerFactory.getLogger(ReminderConfig.class);

  /** Reminders are sent: the settings ask for them and a channel can carry them. */
  record Active(SchedulingProperties.Reminders settings, ReminderDispatcher.Senders senders) {}

  @Bean
  @ConditionalOnMissingBean(SmsSender.class)
  SmsSender loggingSmsSender() {
    return new LoggingSmsSender();
  }

  @Bean
  ReminderSchedule reminderSchedule(DataSource dataSource) {
    return new ReminderSchedule(dataSource);
  }

  @Bean
  ReminderTemplates reminderTemplates(SchedulingProperties props) {
    SchedulingProperties.Reminders r = props.reminders();
    return new ReminderTemplates(r.templateDir(), r.defaultLanguage());
  }

  @Bean
  Active activeReminders(SchedulingProperties props, ObjectProvider<JavaMailSender> mail,
      ObjectProvider<MailProperties> mailProperties, SmsSender sms) {
    SchedulingProperties.Reminders r = props.reminders();
    JavaMailSender sender = mail.getIfAvailable();
    List<PatientContact.Channel> channels = new ArrayList<>();
    for (String name : r.channels()) {
      PatientContact.Channel channel = switch (name.toLowerCase(Locale.ROOT)) {
        case "email" -> PatientContact.Channel.EMAIL;
        case "sms" -> PatientContact.Channel.SMS;
        default -> throw new IllegalStateException("neurofhir.scheduling.reminders.channels: unknown channel " + name
            + " (email, sms)");
      };
      if (channel != PatientContact.Channel.EMAIL || sender != null) {
        channels.add(channel);
      }
    }
    MailProperties smtp = mailProperties.getIfAvailable();
    String email = sender == null ? "e-mail off (no spring.mail.host)"
        : "e-mail via " + smtp.getHost() + ":" + (smtp.getPort() == null ? 25 : smtp.getPort()) + " from " + r.from();
    String smsState = channels.contains(PatientContact.Channel.SMS) ? "SMS via " + sms.getClass().getSimpleName()
        : "SMS off";
    if (!r.enabled() || channels.isEmpty()) {
      log.info("Appointment reminders off ({}): {}, {}", r.enabled() ? "no channel to send on" : "enabled: false",
          email, smsState);
      return new Active(r, null);
    }
    log.info("Appointment reminders on: {} before each booked appointment, {}, {}, checked every {}", r.leadTimes(),
        email, smsState, r.pollInterval());
    return new Active(r, new ReminderDispatcher.Senders(sender == null ? null : new ReminderMail(sender, r.from()), sms,
        List.copyOf(channels)));
  }

  @Bean
  ReminderPlanner reminderPlanner(Active active, ReminderSchedule schedule, Clock clock,
      IInterceptorService interceptors) {
    ReminderPlanner planner = new ReminderPlanner(schedule, active.senders() == null ? List.of()
        : active.settings().leadTimes(), clock);
    interceptors.registerInterceptor(planner);
    return planner;
  }

  @Bean
  ReminderDispatcher reminderDispatcher(Active active, ReminderSchedule schedule, DaoRegistry daos,
      ScheduleDirectory schedules, ReminderTemplates templates, PlatformTransactionManager transactions, Clock clock) {
    SchedulingProperties.Reminders r = active.settings();
    ZoneId zone = r.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(r.timeZone());
    return new ReminderDispatcher(schedule, daos.getResourceDao(Appointment.class), daos.getResourceDao(Patient.class),
        daos.getResourceDao(Communication.class), new AppointmentFacts(daos, schedules, zone), templates,
        active.senders(), transactions, r, clock, nodeName());
  }

  /** Who holds a claim, for whoever reads nf_reminder: host and process. */
  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getName();
  }
}
