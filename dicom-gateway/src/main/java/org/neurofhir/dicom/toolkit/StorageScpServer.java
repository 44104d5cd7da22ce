package org.neurofhir.dicom.toolkit;

import java.io.IOException;

/** A running storage SCP (C-ECHO and C-STORE). */
public interface StorageScpServer extends AutoCloseable {

  /** The port actually bound (useful when the settings asked for port 0). */
  int port();

  /** Stops accepting, aborts open associations and waits briefly for them to end. */
  @Override
  void close() throws IOException;

  /** Starts storage SCPs. */
  interface Factory {
    StorageScpServer start(StorageScpSettings settings, StoreHandler handler) throws IOException;
  }
}
