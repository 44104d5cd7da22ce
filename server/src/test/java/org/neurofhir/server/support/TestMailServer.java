package org.neurofhir.server.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The SMTP server (GreenMail) every server of the test JVM sends its e-mail to: the suite's shared context (through
 * {@link TestDatabaseInitializer}) and the server processes tests start. Tests tell their mail apart by recipient.
 */
public final class TestMailServer {

  private static GreenMail greenMail;

  private TestMailServer() {}

  public static synchronized GreenMail get() {
    if (greenMail == null) {
      greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
      greenMail.start();
      Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
    }
    return greenMail;
  }

  public static int port() {
    return get().getSmtp().getPort();
  }

  /** The spring.mail settings of a server that sends here. */
  public static Map<String, String> springMail() {
    return Map.of("spring.mail.host", "127.0.0.1", "spring.mail.port", String.valueOf(port()));
  }

  /** Messages received so far for this address. */
  public static List<MimeMessage> to(String address) {
    return Arrays.stream(get().getReceivedMessages()).filter(m -> sentTo(m, address)).toList();
  }

  private static boolean sentTo(MimeMessage m, String address) {
    try {
      Address[] to = m.getAllRecipients();
      return to != null && Arrays.stream(to).anyMatch(a -> a.toString().equalsIgnoreCase(address));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
