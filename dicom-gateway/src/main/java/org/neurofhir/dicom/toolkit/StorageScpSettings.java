package org.neurofhir.dicom.toolkit;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Set;

/**
 * How a storage SCP listens.
 *
 * @param port 0 picks an ephemeral port (see {@link StorageScpServer#port()})
 * @param allowedCallingAeTitles empty means any calling AE is accepted
 * @param stagingDirectory where data sets are streamed while they arrive; must be on the same file
 *     system as the store so that the final move is atomic
 */
public record StorageScpSettings(
    String aeTitle,
    InetAddress bindAddress,
    int port,
    Set<String> allowedCallingAeTitles,
    int maxAssociations,
    int maxPduLength,
    Set<String> acceptedSopClassUids,
    Path stagingDirectory) {}
