package org.neurofhir.dicom.scp;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.toolkit.DicomStatus;
import org.neurofhir.dicom.toolkit.PixelmedScu;
import org.neurofhir.dicom.toolkit.RemoteAe;
import org.neurofhir.dicom.toolkit.StoreReport;

/**
 * Transfers that go wrong on the wire, driven at the DIMSE level (PixelMed association layer) so
 * that the data set can be cut short or the association aborted in the middle of it; and our SCU.
 */
class BrokenTransfersTest {
  private static final String MR = "1.2.840.10008.5.1.4.1.1.4";
  @TempDir Path tmp;
  GatewayFixture gw;

  @BeforeEach
  void start() throws Exception {
    gw = new GatewayFixture(tmp, Set.of(), Duration.ofMillis(200));
  }

  @AfterEach
  void stop() throws Exception {
    gw.close();
  }

  @Test
  void abortMidTransferLeavesNoFileAndNoRow() throws Exception {
    Instance inst = instance();
    Association a = associate();
    byte pc = a.getSuitablePresentationContextID(MR);
    a.send(pc, new CStoreRequestCommandMessage(MR, inst.sopUid()).getBytes(), null);
    // Half the data set as a non-final fragment, then A-ABORT.
    a.getAssociationOutputStream(pc).write(Arrays.copyOf(inst.dataSet(), inst.dataSet().length / 2));
    Thread.sleep(200);
    a.abort();

    awaitAssociationsGone();
    assertThat(gw.index.count()).isZero();
    assertThat(gw.storedFileCount()).isZero();
  }

  @Test
  void truncatedDataSetGetsFailureStatusAndIsNotStored() throws Exception {
    Instance inst = instance();
    Association a = associate();
    byte pc = a.getSuitablePresentationContextID(MR);
    StatusCatcher status = new StatusCatcher();
    a.setReceivedDataHandler(status);
    // A complete message whose data set stops in the middle of Pixel Data.
    a.send(pc, new CStoreRequestCommandMessage(MR, inst.sopUid()).getBytes(),
        Arrays.copyOf(inst.dataSet(), inst.dataSet().length - 100));
    a.waitForCommandPDataPDUs();
    a.release();

    assertThat(status.status).isEqualTo(DicomStatus.CANNOT_UNDERSTAND);
    assertThat(gw.index.count()).isZero();
    assertThat(gw.storedFileCount()).isZero();
  }

  @Test
  void hostileSopInstanceUidInCommandAndDataSetIsRefused() throws Exception {
    Instance inst = instance();
    AttributeList l = inst.list();
    l.get(TagFromName.SOPInstanceUID).setValue("1.2/../../x");
    Association a = associate();
    byte pc = a.getSuitablePresentationContextID(MR);
    StatusCatcher status = new StatusCatcher();
    a.setReceivedDataHandler(status);
    a.send(pc, new CStoreRequestCommandMessage(MR, "1.2/../../x").getBytes(), encode(l));
    a.waitForCommandPDataPDUs();
    a.release();

    assertThat(status.status).isEqualTo(DicomStatus.CANNOT_UNDERSTAND);
    assertThat(gw.storedFileCount()).isZero();
  }

  @Test
  void ourScuEchoesAndStoresAStudy() throws Exception {
    var study = Phantoms.writeStudy(tmp.resolve("out"), 16, 4);
    RemoteAe gateway = new RemoteAe("127.0.0.1", gw.port(), GatewayFixture.AE, "NEUROFHIR_SCU");
    PixelmedScu scu = new PixelmedScu();

    scu.echo(gateway);
    StoreReport report = scu.store(gateway, study.allFiles());

    assertThat(report.completed()).isEqualTo(16);
    assertThat(report.allSucceeded()).isTrue();
    assertThat(gw.index.findByStudy(study.studyInstanceUid())).hasSize(16)
        .allSatisfy(i -> assertThat(i.callingAeTitle()).isEqualTo("NEUROFHIR_SCU"));
  }

  @Test
  void ourScuReportsPerInstanceFailures() throws Exception {
    var files = Phantoms.writeStudy(tmp.resolve("out"), 16, 2).series().get(0).files();
    org.neurofhir.dicom.Dcmtk.dcmodify(files.get(0), "-ea", "(0010,0020)");

    StoreReport report = new PixelmedScu().store(new RemoteAe("127.0.0.1", gw.port(), GatewayFixture.AE, "SCU"), files);

    assertThat(report.completed()).isEqualTo(1);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.failures()).singleElement().asString().contains(files.get(0).getFileName().toString());
  }

  private record Instance(String sopUid, AttributeList list, byte[] dataSet) {}

  private Instance instance() throws Exception {
    Path file = Phantoms.writeStudy(tmp.resolve("src"), 64, 1).allFiles().get(0);
    AttributeList l = new AttributeList();
    l.read(file.toFile());
    return new Instance(Attribute.getSingleStringValueOrNull(l, TagFromName.SOPInstanceUID), l, encode(l));
  }

  /** Data set without file meta, in the negotiated transfer syntax (explicit VR little endian). */
  private static byte[] encode(AttributeList l) throws Exception {
    l.removeMetaInformationHeaderAttributes();
    l.removeGroupLengthAttributes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomOutputStream dout = new DicomOutputStream(out, null, com.pixelmed.dicom.TransferSyntax.ExplicitVRLittleEndian);
    l.write(dout);
    dout.close();
    return out.toByteArray();
  }

  private Association associate() throws Exception {
    // Only explicit VR little endian offered, so encode() matches what is negotiated.
    java.util.LinkedList<Object> contexts = new java.util.LinkedList<>();
    contexts.add(new com.pixelmed.network.PresentationContext((byte) 1, MR, com.pixelmed.dicom.TransferSyntax.ExplicitVRLittleEndian));
    return AssociationFactory.createNewAssociation("127.0.0.1", gw.port(), GatewayFixture.AE, "RAWSCU", contexts, null, false);
  }

  private void awaitAssociationsGone() throws Exception {
    for (int i = 0; i < 50 && gw.stagedFileCount() > 0; i++) Thread.sleep(50);
    Thread.sleep(100);
  }

  private static final class StatusCatcher extends CompositeResponseHandler {
    volatile int status = -1;

    @Override
    protected void evaluateStatusAndSetSuccess(AttributeList list) {
      status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, -1);
      success = status == 0;
    }
  }

}
