package org.neurofhir.dicom.toolkit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketOption;
import jdk.net.ExtendedSocketOptions;

/**
 * A socket's input stream that asks the kernel to acknowledge at once after every read.
 *
 * <p>Why: a sender that keeps Nagle on (DCMTK storescu and Orthanc by default, as many senders)
 * holds a sub-MSS write until everything it sent before is acknowledged. DCMTK writes each P-DATA
 * PDU's header apart from its body, and PDUs rarely fill whole segments, so every instance has such
 * a held segment. Linux, seeing a request/response exchange, delays its ACK (up to 40 ms,
 * "pingpong" mode) hoping to piggyback it on our next response, which cannot come before the held
 * bytes arrive: one 40 ms stall per instance (issue #19: 620 images 240×240 in 16–20 s instead of
 * 1.4 s; traces in bench/dicom/RESULTS.md). TCP_NODELAY on our side does not help: the holding
 * happens on the sender. Setting TCP_QUICKACK sends a pending ACK now and leaves pingpong mode; the
 * kernel re-enters it whenever we send, so it is re-armed after each read.
 *
 * <p>Where the JDK does not offer TCP_QUICKACK (not Linux), reads pass through unchanged.
 */
final class QuickAckInputStream extends FilterInputStream {
  private static final SocketOption<Boolean> QUICK_ACK = ExtendedSocketOptions.TCP_QUICKACK;

  private final Socket socket;
  private final boolean supported;

  QuickAckInputStream(Socket socket) throws IOException {
    super(socket.getInputStream());
    this.socket = socket;
    this.supported = socket.supportedOptions().contains(QUICK_ACK);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) acknowledgeNow();
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) acknowledgeNow();
    return n;
  }

  private void acknowledgeNow() throws IOException {
    if (supported && !socket.isClosed()) socket.setOption(QUICK_ACK, true);
  }
}
