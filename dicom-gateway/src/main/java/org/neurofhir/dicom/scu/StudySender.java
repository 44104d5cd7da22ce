package org.neurofhir.dicom.scu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.neurofhir.dicom.toolkit.DicomCommunicationException;
import org.neurofhir.dicom.toolkit.DicomScu;
import org.neurofhir.dicom.toolkit.RemoteAe;
import org.neurofhir.dicom.toolkit.StoreReport;

/** Pushes DICOM files (a file, or every file under a folder) to a remote AE over one association. */
public class StudySender {
  private final DicomScu scu;

  public StudySender(DicomScu scu) {
    this.scu = scu;
  }

  public void echo(RemoteAe peer) throws DicomCommunicationException {
    scu.echo(peer);
  }

  public StoreReport send(RemoteAe peer, Path fileOrDirectory) throws IOException, DicomCommunicationException {
    return scu.store(peer, filesUnder(fileOrDirectory));
  }

  public StoreReport send(RemoteAe peer, List<Path> files) throws DicomCommunicationException {
    return scu.store(peer, files);
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    if (Files.isRegularFile(root)) return List.of(root);
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
