package org.neurofhir.server.scheduling.reminder;

/**
 * Where SMS reminders leave the server: the boundary a deployer implements for their SMS gateway (a Spring bean of
 * this type replaces the logging one). It returns once the gateway has accepted the message, and throws when it has
 * not; the exception's message becomes the reason of the not-done Communication after the last try.
 */
public interface SmsSender {

  /** @param number as written in Patient.telecom */
  void send(String number, String text);
}
