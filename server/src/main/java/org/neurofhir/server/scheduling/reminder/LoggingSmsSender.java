package org.neurofhir.server.scheduling.reminder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends nothing: logs that an SMS would go to a (masked) number. The default until a gateway is plugged in. */
public class LoggingSmsSender implements SmsSender {

  private static final Logger log = LoggerFactory.getLogger(LoggingSmsSender.class);

  @Override
  public void send(String number, String text) {
    log.info("SMS not sent (no SMS gateway; LoggingSmsSender): a reminder of {} characters would go to {}",
        text.length(), Masking.mask(number));
  }
}
