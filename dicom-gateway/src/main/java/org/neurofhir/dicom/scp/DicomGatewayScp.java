package org.neurofhir.dicom.scp;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.neurofhir.dicom.store.IndexReconciler;
import org.neurofhir.dicom.toolkit.StorageScpServer;
import org.neurofhir.dicom.toolkit.StorageScpSettings;
import org.neurofhir.dicom.toolkit.StoreHandler;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's storage SCP as a Spring lifecycle bean: once the context (and so the index schema)
 * is ready it reconciles the index with the file store, then listens; it stops before the
 * DataSource goes away.
 */
public class DicomGatewayScp implements SmartLifecycle {
  private final StorageScpServer.Factory factory;
  private final StorageScpSettings settings;
  private final StoreHandler handler;
  private final IndexReconciler reconciler;
  private volatile StorageScpServer server;

  public DicomGatewayScp(StorageScpServer.Factory factory, StorageScpSettings settings, StoreHandler handler,
      IndexReconciler reconciler) {
    this.factory = factory;
    this.settings = settings;
    this.handler = handler;
    this.reconciler = reconciler;
  }

  @Override
  public synchronized void start() {
    if (server != null) return;
    try {
      // Before listening: no store can race the reconciliation.
      reconciler.reconcile();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reconcile the DICOM store with its index", e);
    }
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
