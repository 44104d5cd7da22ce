package org.neurofhir.dicom.toolkit;

import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage SCP on PixelMed's association layer: our own accept loop (bind address, TCP_NODELAY,
 * bounded concurrency) and our own DIMSE loop (the store handler's status is what the sender
 * gets). PixelMed's dispatcher binds every interface and starts a thread per association.
 */
public final class PixelmedStorageScp implements StorageScpServer {
  private static final Logger log = LoggerFactory.getLogger(PixelmedStorageScp.class);

  private final StorageScpSettings settings;
  private final StoreHandler handler;
  private final ServerSocket serverSocket;
  private final ThreadPoolExecutor associations;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final AcceptedSopClassesPolicy policy;
  private volatile boolean closed;

  public static final Factory FACTORY = PixelmedStorageScp::new;

  private PixelmedStorageScp(StorageScpSettings settings, StoreHandler handler) throws IOException {
    this.settings = settings;
    this.handler = handler;
    this.policy = new AcceptedSopClassesPolicy(settings.acceptedSopClassUids());
    Files.createDirectories(settings.stagingDirectory());
    AtomicInteger n = new AtomicInteger();
    this.associations = new ThreadPoolExecutor(0, settings.maxAssociations(), 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "dicom-scp-assoc-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.serverSocket = new ServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 50);
    this.acceptor = new Thread(this::acceptLoop, "dicom-scp-accept-" + serverSocket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    log.info("DICOM storage SCP {} listening on {}:{}", settings.aeTitle(), settings.bindAddress().getHostAddress(), port());
  }

  @Override
  public int port() {
    return serverSocket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) log.warn("DICOM accept failed: {}", e.getMessage());
        continue;
      }
      try {
        // Without TCP_NODELAY each small response waits on the peer's delayed ACK (~40 ms per image).
        socket.setTcpNoDelay(true);
        open.add(socket);
        associations.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        log.warn("Refusing association from {}: {} associations already open", socket.getRemoteSocketAddress(), settings.maxAssociations());
        try {
          AssociateRequestScreen.rejectBusy(socket);
        } catch (IOException ignored) {
          // peer gone; nothing to tell it
        }
        closeSocket(socket);
      } catch (SocketException e) {
        closeSocket(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try {
      AssociateRequestScreen.Outcome screen = AssociateRequestScreen.screen(socket, settings.aeTitle(), settings.allowedCallingAeTitles());
      if (!screen.accepted()) {
        log.warn("Rejected association from {}: {}", socket.getRemoteSocketAddress(), screen.rejection());
        return;
      }
      Association association = AssociationFactory.createNewAssociation(new ReplayingSocket(socket, screen.consumed()),
          settings.aeTitle(), settings.maxPduLength(), 0, 0, policy);
      serveRequests(association);
    } catch (Exception e) {
      if (!closed) log.warn("Association from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
    } finally {
      closeSocket(socket);
    }
  }

  private void serveRequests(Association association) throws Exception {
    while (true) {
      DimseRequestReceiver request = new DimseRequestReceiver(settings.stagingDirectory());
      association.setReceivedDataHandler(request);
      try {
        association.waitForPDataPDUsUntilHandlerReportsDone();
      } catch (AReleaseException released) {
        request.discard();
        return;
      } catch (Exception aborted) {
        // Aborted or dropped mid-transfer: nothing was acknowledged, so nothing may remain.
        request.discard();
        throw aborted;
      }
      byte[] response;
      if (request.commandField() == DimseRequestReceiver.C_ECHO_RQ) {
        response = DimseResponses.echoResponse(request.affectedSopClassUid(), request.messageId());
      } else {
        StoreResult result = store(request, association.getCallingAETitle());
        response = DimseResponses.storeResponse(request.affectedSopClassUid(), request.affectedSopInstanceUid(),
            request.messageId(), result.status(), result.errorComment());
      }
      association.send(request.presentationContextId(), response, null);
    }
  }

  private StoreResult store(DimseRequestReceiver request, String callingAeTitle) {
    if (request.stagingFailure() != null) {
      request.discard();
      log.error("Could not stage instance {}: {}", request.affectedSopInstanceUid(), request.stagingFailure().toString());
      return StoreResult.failure(DicomStatus.OUT_OF_RESOURCES, "cannot write instance: " + request.stagingFailure().getMessage());
    }
    if (request.stagedFile() == null) {
      return StoreResult.failure(DicomStatus.CANNOT_UNDERSTAND, "C-STORE without a data set");
    }
    try {
      return handler.store(new StoreRequest(request.stagedFile(), request.affectedSopClassUid(),
          request.affectedSopInstanceUid(), request.transferSyntaxUid(), callingAeTitle));
    } catch (RuntimeException e) {
      log.error("Store handler failed for {}", request.affectedSopInstanceUid(), e);
      return StoreResult.failure(DicomStatus.PROCESSING_FAILURE, "internal error storing instance");
    } finally {
      request.discard(); // no-op once the handler moved the file into the store
    }
  }

  private void closeSocket(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    serverSocket.close();
    for (Socket s : open) closeSocket(s);
    associations.shutdownNow();
    try {
      associations.awaitTermination(5, TimeUnit.SECONDS);
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
