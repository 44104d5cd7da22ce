package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.PresentationContextListFactory;
import com.pixelmed.network.StorageSOPClassSCU;
import com.pixelmed.network.VerificationSOPClassSCU;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;

/** C-ECHO/C-STORE SCU on PixelMed, with TCP_NODELAY on the association socket. */
public final class PixelmedScu implements DicomScu {
  /** No compression offered: peers get what we have, uncompressed. */
  private static final int NO_COMPRESSION = 0;

  @Override
  public void echo(RemoteAe peer) throws DicomCommunicationException {
    try {
      new VerificationSOPClassSCU(peer.host(), peer.port(), peer.calledAeTitle(), peer.callingAeTitle(), false);
    } catch (Exception e) {
      throw new DicomCommunicationException("C-ECHO to " + describe(peer) + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public StoreReport store(RemoteAe peer, List<Path> files) throws DicomCommunicationException {
    if (files.isEmpty()) return new StoreReport(0, 0, 0, List.of());
    SetOfDicomFiles set = new SetOfDicomFiles();
    for (Path f : files) set.add(f.toString());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger succeeded = new java.util.concurrent.atomic.AtomicInteger();
    Association association = null;
    try {
      LinkedList contexts = PresentationContextListFactory.createNewPresentationContextList(set, NO_COMPRESSION);
      association = AssociationFactory.createNewAssociation(peer.host(), peer.port(), peer.calledAeTitle(),
          peer.callingAeTitle(), contexts, null, false);
      enableNoDelay(association);
      new StorageSOPClassSCU(association, set, new MultipleInstanceTransferStatusHandlerWithFileName() {
        @Override
        public void updateStatus(int remaining, int completed, int failed, int warning, String sopInstanceUid, String fileName, boolean success) {
          // PixelMed's running counts include failed instances in "completed"; count outcomes ourselves.
          if (success) {
            succeeded.incrementAndGet();
          } else {
            failures.add(fileName + " (" + sopInstanceUid + ")");
          }
        }
      });
      association.release();
    } catch (Exception e) {
      if (association != null) {
        try {
          association.abort();
        } catch (Exception ignored) {
          // the original failure is the one to report
        }
      }
      throw new DicomCommunicationException("C-STORE to " + describe(peer) + " failed: " + e.getMessage(), e);
    }
    int notAttempted = files.size() - succeeded.get() - failures.size();
    return new StoreReport(succeeded.get(), failures.size() + Math.max(0, notAttempted), 0, List.copyOf(failures));
  }

  /**
   * PixelMed never sets TCP_NODELAY and keeps the socket in a protected field; without it each
   * C-STORE waits ~40 ms on Nagle plus the peer's delayed ACK.
   */
  private static void enableNoDelay(Association association) {
    try {
      Field f = Association.class.getDeclaredField("socket");
      f.setAccessible(true);
      ((Socket) f.get(association)).setTcpNoDelay(true);
    } catch (ReflectiveOperationException | java.net.SocketException | RuntimeException e) {
      // Still correct without it, only slower.
    }
  }

  private static String describe(RemoteAe peer) {
    return peer.calledAeTitle() + "@" + peer.host() + ":" + peer.port();
  }
}
