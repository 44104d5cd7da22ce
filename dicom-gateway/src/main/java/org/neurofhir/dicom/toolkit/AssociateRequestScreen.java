package org.neurofhir.dicom.toolkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads the fixed part of an A-ASSOCIATE-RQ (PS3.8 9.3.2) to check the called and calling AE
 * titles before PixelMed sees the association, so that both are refused with a proper
 * A-ASSOCIATE-RJ. PixelMed checks the called AE itself but has no calling-AE hook.
 */
final class AssociateRequestScreen {

  /** PDU type + reserved + length (6) and protocol version, reserved, called AE, calling AE (36). */
  static final int SCREENED_BYTES = 6 + 2 + 2 + 16 + 16;

  private static final byte RESULT_REJECTED_PERMANENT = 1;
  private static final byte RESULT_REJECTED_TRANSIENT = 2;
  private static final byte SOURCE_SERVICE_USER = 1;
  private static final byte SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;
  private static final byte REASON_CALLING_AE_NOT_RECOGNIZED = 3;
  private static final byte REASON_CALLED_AE_NOT_RECOGNIZED = 7;
  private static final byte REASON_LOCAL_LIMIT_EXCEEDED = 2;

  /** Outcome of the screen: the bytes read (to replay to PixelMed) or a rejection already sent. */
  record Outcome(byte[] consumed, String rejection, String callingAeTitle) {
    boolean accepted() {
      return rejection == null;
    }
  }

  private AssociateRequestScreen() {}

  static Outcome screen(Socket socket, String ourAeTitle, Set<String> allowedCalling) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] head = new byte[SCREENED_BYTES];
    try {
      new DataInputStream(in).readFully(head);
    } catch (EOFException e) {
      return new Outcome(head, "connection closed before A-ASSOCIATE-RQ", null);
    }
    if (head[0] != 0x01) {
      // Not an association request: let PixelMed answer it per the state machine.
      return new Outcome(head, null, null);
    }
    String called = aeTitle(head, 10);
    String calling = aeTitle(head, 26);
    if (!called.equals(ourAeTitle.trim())) {
      sendReject(socket.getOutputStream(), RESULT_REJECTED_PERMANENT, SOURCE_SERVICE_USER, REASON_CALLED_AE_NOT_RECOGNIZED);
      return new Outcome(head, "called AE title '" + called + "' is not ours ('" + ourAeTitle + "')", calling);
    }
    if (!allowedCalling.isEmpty() && !allowedCalling.contains(calling)) {
      sendReject(socket.getOutputStream(), RESULT_REJECTED_PERMANENT, SOURCE_SERVICE_USER, REASON_CALLING_AE_NOT_RECOGNIZED);
      return new Outcome(head, "calling AE title '" + calling + "' is not in the allow-list", calling);
    }
    return new Outcome(head, null, calling);
  }

  /** Refuses an association without reading it: too many associations already open. */
  static void rejectBusy(Socket socket) throws IOException {
    sendReject(socket.getOutputStream(), RESULT_REJECTED_TRANSIENT, SOURCE_SERVICE_PROVIDER_PRESENTATION, REASON_LOCAL_LIMIT_EXCEEDED);
  }

  private static String aeTitle(byte[] buf, int offset) {
    return new String(buf, offset, 16, StandardCharsets.US_ASCII).trim();
  }

  private static void sendReject(OutputStream out, byte result, byte source, byte reason) throws IOException {
    ByteArrayOutputStream pdu = new ByteArrayOutputStream(10);
    pdu.write(new byte[] {0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, result, source, reason});
    out.write(pdu.toByteArray());
    out.flush();
  }
}
