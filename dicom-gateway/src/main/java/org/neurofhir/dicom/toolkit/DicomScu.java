package org.neurofhir.dicom.toolkit;

import java.nio.file.Path;
import java.util.List;

/** Sends C-ECHO and C-STORE to a remote AE. */
public interface DicomScu {

  /** Verifies the peer answers C-ECHO; throws if it does not. */
  void echo(RemoteAe peer) throws DicomCommunicationException;

  /** Sends the files over one association. Per-instance failures are reported, not thrown. */
  StoreReport store(RemoteAe peer, List<Path> files) throws DicomCommunicationException;
}
