package org.neurofhir.server.record.attachment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The document types a patient's file may hold, each with the signature its bytes must start with. Declared
 * types are never trusted alone: a Windows executable sent as {@code application/pdf} does not start with
 * {@code %PDF-} and is refused.
 */
enum AttachmentType {
  PDF("application/pdf"),
  JPEG("image/jpeg"),
  PNG("image/png"),
  DICOM("application/dicom"),
  /** NIfTI-1 or NIfTI-2, plain (.nii) or gzip-compressed (.nii.gz). */
  NIFTI("application/x-nifti"),
  TEXT("text/plain");

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  final String mimeType;

  AttachmentType(String mimeType) {
    this.mimeType = mimeType;
  }

  /** The type of a Content-Type value such as {@code text/plain; charset=utf-8} (parameters ignored, case too). */
  static Optional<AttachmentType> of(String contentType) {
    String base = base(contentType);
    return Arrays.stream(values()).filter(t -> t.mimeType.equals(base)).findFirst();
  }

  static String base(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code data} is what this type says. */
  boolean matches(byte[] data) {
    return switch (this) {
      case PDF -> startsWith(data, 0, "%PDF-".getBytes(StandardCharsets.US_ASCII));
      case JPEG -> data.length > 3 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xd8 && (data[2] & 0xff) == 0xff;
      case PNG -> startsWith(data, 0, PNG_SIGNATURE);
      // Part 10 file: 128-byte preamble, then "DICM"
      case DICOM -> startsWith(data, 128, "DICM".getBytes(StandardCharsets.US_ASCII));
      case NIFTI -> nifti(data.length > 1 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b ? gunzipHead(data) : data);
      case TEXT -> text(data);
    };
  }

  private static boolean nifti(byte[] h) {
    if (h.length >= 348 && (headerSize(h, ByteOrder.LITTLE_ENDIAN) == 348 || headerSize(h, ByteOrder.BIG_ENDIAN) == 348)) {
      return startsWith(h, 344, new byte[] {'n', '+', '1', 0}) || startsWith(h, 344, new byte[] {'n', 'i', '1', 0});
    }
    if (h.length >= 540 && (headerSize(h, ByteOrder.LITTLE_ENDIAN) == 540 || headerSize(h, ByteOrder.BIG_ENDIAN) == 540)) {
      return startsWith(h, 4, new byte[] {'n', '+', '2', 0}) || startsWith(h, 4, new byte[] {'n', 'i', '2', 0});
    }
    return false;
  }

  private static int headerSize(byte[] h, ByteOrder order) {
    return ByteBuffer.wrap(h, 0, 4).order(order).getInt();
  }

  /** The first 540 bytes of a gzip stream (enough for either NIfTI header); empty when it is not gzip. */
  private static byte[] gunzipHead(byte[] data) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readNBytes(540);
    } catch (IOException notGzip) {
      return new byte[0];
    }
  }

  /** UTF-8 without NUL or other control characters than tab, line feed, form feed and carriage return. */
  private static boolean text(byte[] data) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
      return s.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' || c == 0x7f);
    } catch (CharacterCodingException notUtf8) {
      return false;
    }
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    if (data.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
