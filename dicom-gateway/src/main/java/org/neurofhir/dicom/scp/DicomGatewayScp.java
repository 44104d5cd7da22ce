package org.neurofhir.dicom.scp;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.neurofhir.dicom.toolkit.StorageScpServer;
import org.neurofhir.dicom.toolkit.StorageScpSettings;
import org.neurofhir.dicom.toolkit.StoreHandler;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's storage SCP as a Spring lifecycle bean: it starts listening once the context
 * (and so the index schema) is ready, and stops before the DataSource goes away.
 */
public class DicomGatewayScp implements SmartLifecycle {
  private final StorageScpServer.Factory factory;
  private final StorageScpSettings settings;
  private final StoreHandler handler;
  private volatile StorageScpServer server;

  public DicomGatewayScp(StorageScpServer.Factory factory, StorageScpSettings settings, StoreHandler handler) {
    this.factory = factory;
    this.settings = settings;
    this.handler = handler;
  }

  @Override
  public synchronized void start() {
    if (server != null) return;
    try {
      server = factory.start(settings, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start DICOM SCP on " + settings.bindAddress().getHostAddress() + ":" + settings.port(), e);
    }
  }

  @Override
  public synchronized void stop() {
    if (server == null) return;
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The bound port (differs from the configured one when that was 0); -1 when not running. */
  public int port() {
    StorageScpServer s = server;
    return s == null ? -1 : s.port();
  }

  public String aeTitle() {
    return settings.aeTitle();
  }
}
