package org.neurofhir.dicom;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway of {@link GatewayFixture} as its own process, for peers that must share a private
 * network namespace with it (Orthanc). Prints "LISTENING port" once the SCP accepts; SIGTERM
 * closes it cleanly, so its H2 file index is complete for the test to read afterwards.
 * Args: root, jdbc URL, port.
 */
public final class StandaloneGateway {
  public static void main(String[] args) throws Exception {
    GatewayFixture gw = new GatewayFixture(Path.of(args[0]), Set.of(), Duration.ofSeconds(30), true, args[1], Integer.parseInt(args[2]));
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        gw.close();
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        closed.countDown();
      }
    }));
    System.out.println("LISTENING " + gw.port());
    System.out.flush();
    closed.await();
  }
}
