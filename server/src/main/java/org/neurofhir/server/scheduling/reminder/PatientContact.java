package org.neurofhir.server.scheduling.reminder;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;

/**
 * Where and in which language a patient is reminded: the best-ranked usable telecom (rank 1 first, unranked last,
 * then in the order written) of a channel this server sends on: {@code email}, or for SMS {@code sms} or a mobile
 * {@code phone}; ended periods and old addresses are skipped. Languages: Patient.communication, the preferred first.
 */
record PatientContact(Channel channel, String address) {

  enum Channel {
    EMAIL("email"), SMS("sms");

    final String code;

    Channel(String code) {
      this.code = code;
    }
  }

  /** The contact to use, or why there is none. */
  record Choice(Optional<PatientContact> contact, String whyNone) {}

  static Choice choose(Patient patient, List<Channel> channels, Instant now) {
    List<ContactPoint> ordered = patient.getTelecom().stream()
        .filter(ContactPoint::hasValue)
        .filter(t -> t.getUse() != ContactPoint.ContactPointUse.OLD)
        .filter(t -> !t.hasPeriod() || !t.getPeriod().hasEnd() || t.getPeriod().getEnd().toInstant().isAfter(now))
        .sorted(Comparator.comparingInt(t -> t.hasRank() ? t.getRank() : Integer.MAX_VALUE))
        .toList();
    boolean invalidEmail = false;
    for (ContactPoint t : ordered) {
      Optional<Channel> channel = channelOf(t).filter(channels::contains);
      if (channel.isEmpty()) {
        continue;
      }
      String value = t.getValue().trim();
      if (channel.get() == Channel.EMAIL && !validEmail(value)) {
        invalidEmail = true;
        continue;
      }
      return new Choice(Optional.of(new PatientContact(channel.get(), value)), null);
    }
    return new Choice(Optional.empty(), invalidEmail
        ? "the Patient's e-mail address is not a valid address (Patient.telecom)"
        : "the Patient has no " + describe(channels) + " (Patient.telecom)");
  }

  /** Language tags of Patient.communication, the preferred one first. */
  static List<String> languages(Patient patient) {
    return patient.getCommunication().stream()
        .sorted(Comparator.comparing(c -> !c.getPreferred()))
        .flatMap(c -> c.getLanguage().getCoding().stream())
        .filter(c -> c.hasCode())
        .map(c -> c.getCode())
        .toList();
  }

  private static Optional<Channel> channelOf(ContactPoint t) {
    if (t.getSystem() == ContactPoint.ContactPointSystem.EMAIL) {
      return Optional.of(Channel.EMAIL);
    }
    if (t.getSystem() == ContactPoint.ContactPointSystem.SMS
        || (t.getSystem() == ContactPoint.ContactPointSystem.PHONE && t.getUse() == ContactPoint.ContactPointUse.MOBILE)) {
      return Optional.of(Channel.SMS);
    }
    return Optional.empty();
  }

  private static boolean validEmail(String value) {
    try {
      new InternetAddress(value, true).validate();
      return value.contains("@");
    } catch (AddressException e) {
      return false;
    }
  }

  private static String describe(List<Channel> channels) {
    return String.join(" or ", channels.stream().map(c -> c == Channel.EMAIL ? "e-mail address" : "mobile number (sms)").toList());
  }

  /** For logs: the address with most of it hidden. */
  String masked() {
    return Masking.mask(address);
  }
}
