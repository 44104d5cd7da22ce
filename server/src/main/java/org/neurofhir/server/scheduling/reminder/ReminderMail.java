package org.neurofhir.server.scheduling.reminder;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * A reminder as an e-mail through the configured SMTP server (spring.mail.*). Its Message-ID is fixed per reminder
 * ({@code <reminder-{row id}@neurofhir>}), so the one resend the crash window allows (README "Reminders") is the same
 * message to mail systems that recognise duplicates by it.
 */
class ReminderMail {

  private final JavaMailSender mail;
  private final InternetAddress from;

  ReminderMail(JavaMailSender mail, String from) {
    this.mail = mail;
    try {
      this.from = new InternetAddress(from, true);
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalStateException("neurofhir.scheduling.reminders.from is not an e-mail address: " + from, e);
    }
  }

  /** Returns once the SMTP server has accepted it; Spring's MailException when it did not. */
  void send(String reminderId, String to, ReminderTemplates.Text text, Instant now) throws MessagingException {
    MimeMessage message = new FixedIdMessage(mail.createMimeMessage().getSession(), "<reminder-" + reminderId + "@neurofhir>");
    message.setFrom(from);
    message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(to, true));
    message.setSubject(text.subject(), StandardCharsets.UTF_8.name());
    message.setText(text.email(), StandardCharsets.UTF_8.name());
    message.setHeader("Content-Language", text.language());
    message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no out-of-office answers
    message.setSentDate(Date.from(now));
    mail.send(message);
  }

  /** Keeps the Message-ID it is given: Jakarta Mail would write a random one when the message is saved. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
