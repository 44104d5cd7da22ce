package org.neurofhir.dicom.toolkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * A connected socket whose input stream first replays bytes we already read (the screened part of
 * the A-ASSOCIATE-RQ), then reads on through {@link QuickAckInputStream} so that a sender with
 * Nagle on is never left waiting for our delayed ACK. Delegates the socket calls PixelMed's
 * association code makes.
 */
final class ReplayingSocket extends Socket {
  private final Socket delegate;
  private final InputStream in;

  ReplayingSocket(Socket delegate, byte[] alreadyRead) throws IOException {
    this.delegate = delegate;
    this.in = new SequenceInputStream(new ByteArrayInputStream(alreadyRead), new QuickAckInputStream(delegate));
  }

  @Override public InputStream getInputStream() { return in; }
  @Override public OutputStream getOutputStream() throws IOException { return delegate.getOutputStream(); }
  @Override public void close() throws IOException { delegate.close(); }
  @Override public boolean isClosed() { return delegate.isClosed(); }
  @Override public boolean isConnected() { return delegate.isConnected(); }
  @Override public void shutdownOutput() throws IOException { delegate.shutdownOutput(); }
  @Override public void shutdownInput() throws IOException { delegate.shutdownInput(); }
  @Override public InetAddress getInetAddress() { return delegate.getInetAddress(); }
  @Override public InetAddress getLocalAddress() { return delegate.getLocalAddress(); }
  @Override public int getPort() { return delegate.getPort(); }
  @Override public int getLocalPort() { return delegate.getLocalPort(); }
  @Override public SocketAddress getRemoteSocketAddress() { return delegate.getRemoteSocketAddress(); }
  @Override public SocketAddress getLocalSocketAddress() { return delegate.getLocalSocketAddress(); }
  @Override public int getReceiveBufferSize() throws SocketException { return delegate.getReceiveBufferSize(); }
  @Override public void setReceiveBufferSize(int size) throws SocketException { delegate.setReceiveBufferSize(size); }
  @Override public int getSendBufferSize() throws SocketException { return delegate.getSendBufferSize(); }
  @Override public void setSendBufferSize(int size) throws SocketException { delegate.setSendBufferSize(size); }
  @Override public int getSoTimeout() throws SocketException { return delegate.getSoTimeout(); }
  @Override public void setSoTimeout(int timeout) throws SocketException { delegate.setSoTimeout(timeout); }
  @Override public int getSoLinger() throws SocketException { return delegate.getSoLinger(); }
  @Override public void setSoLinger(boolean on, int linger) throws SocketException { delegate.setSoLinger(on, linger); }
  @Override public boolean getTcpNoDelay() throws SocketException { return delegate.getTcpNoDelay(); }
  @Override public void setTcpNoDelay(boolean on) throws SocketException { delegate.setTcpNoDelay(on); }
  @Override public String toString() { return delegate.toString(); }
}
