package org.neurofhir.dicom.toolkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes C-STORE-RSP and C-ECHO-RSP command sets (implicit VR little endian, PS3.7 9.3). Written
 * here because PixelMed's response classes carry no Error Comment.
 */
final class DimseResponses {
  private static final int C_STORE_RSP = 0x8001;
  private static final int C_ECHO_RSP = 0x8030;
  private static final int NO_DATA_SET = 0x0101;

  private DimseResponses() {}

  static byte[] storeResponse(String sopClassUid, String sopInstanceUid, int messageId, int status, String errorComment) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(160);
    element(body, 0x0002, uid(sopClassUid));
    element(body, 0x0100, us(C_STORE_RSP));
    element(body, 0x0120, us(messageId));
    element(body, 0x0800, us(NO_DATA_SET));
    element(body, 0x0900, us(status));
    if (errorComment != null && status != DicomStatus.SUCCESS) {
      element(body, 0x0902, text(errorComment.length() > 64 ? errorComment.substring(0, 64) : errorComment));
    }
    element(body, 0x1000, uid(sopInstanceUid));
    return withGroupLength(body.toByteArray());
  }

  static byte[] echoResponse(String sopClassUid, int messageId) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(64);
    element(body, 0x0002, uid(sopClassUid));
    element(body, 0x0100, us(C_ECHO_RSP));
    element(body, 0x0120, us(messageId));
    element(body, 0x0800, us(NO_DATA_SET));
    element(body, 0x0900, us(DicomStatus.SUCCESS));
    return withGroupLength(body.toByteArray());
  }

  private static byte[] withGroupLength(byte[] body) {
    ByteArrayOutputStream all = new ByteArrayOutputStream(body.length + 12);
    element(all, 0x0000, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).array());
    all.writeBytes(body);
    return all.toByteArray();
  }

  private static void element(ByteArrayOutputStream out, int element, byte[] value) {
    ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    header.putShort((short) 0x0000).putShort((short) element).putInt(value.length);
    out.writeBytes(header.array());
    out.writeBytes(value);
  }

  private static byte[] us(int value) {
    return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array();
  }

  private static byte[] uid(String uid) {
    String v = uid == null ? "" : uid;
    byte[] b = v.getBytes(StandardCharsets.US_ASCII);
    if (b.length % 2 == 0) return b;
    byte[] padded = new byte[b.length + 1];
    System.arraycopy(b, 0, padded, 0, b.length);
    return padded; // UI pads with NUL
  }

  private static byte[] text(String s) {
    String v = s.replaceAll("[^\\x20-\\x7E]", "?");
    return (v.length() % 2 == 0 ? v : v + " ").getBytes(StandardCharsets.US_ASCII);
  }
}
