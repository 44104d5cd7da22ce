package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.network.Association;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PDataPDU;
import com.pixelmed.network.PresentationDataValue;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Collects one DIMSE request (command, and for C-STORE the data set streamed to a staging file).
 * PixelMed's own SCP always answers C-STORE with Success; receiving the request ourselves lets the
 * store decide the status. Extends CompositeResponseHandler only because ReceivedDataHandler's
 * constructor is package-private; none of its response logic is used.
 */
final class DimseRequestReceiver extends CompositeResponseHandler {
  static final int C_STORE_RQ = 0x0001;
  static final int C_ECHO_RQ = 0x0030;

  private final Path stagingDirectory;
  private final ByteArrayOutputStream command = new ByteArrayOutputStream(256);
  private int commandField = -1;
  private int messageId;
  private String affectedSopClassUid;
  private String affectedSopInstanceUid;
  private byte presentationContextId;
  private String transferSyntaxUid;
  private Path stagedFile;
  private OutputStream staged;
  private IOException stagingFailure;

  DimseRequestReceiver(Path stagingDirectory) {
    this.stagingDirectory = stagingDirectory;
  }

  @Override
  public void sendPDataIndication(PDataPDU pdata, Association association)
      throws DicomNetworkException, DicomException, IOException {
    for (Object o : pdata.getPDVList()) {
      PresentationDataValue pdv = (PresentationDataValue) o;
      presentationContextId = pdv.getPresentationContextID();
      if (pdv.isCommand()) {
        command.writeBytes(pdv.getValue());
        if (pdv.isLastFragment()) {
          parseCommand(association);
        }
      } else {
        if (commandField != C_STORE_RQ) {
          throw new DicomNetworkException("data set received for a request without one");
        }
        writeData(pdv.getValue(), association);
        if (pdv.isLastFragment()) {
          finishData();
          setDone(true);
        }
      }
    }
  }

  @Override
  protected void evaluateStatusAndSetSuccess(AttributeList list) {
    // Not a response handler: nothing to evaluate.
  }

  private void parseCommand(Association association) throws DicomException, IOException, DicomNetworkException {
    AttributeList list = new AttributeList();
    list.read(new DicomInputStream(new ByteArrayInputStream(command.toByteArray()), TransferSyntax.ImplicitVRLittleEndian, false));
    commandField = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.CommandField, -1);
    messageId = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.MessageID, 0);
    affectedSopClassUid = Attribute.getSingleStringValueOrNull(list, TagFromName.AffectedSOPClassUID);
    affectedSopInstanceUid = Attribute.getSingleStringValueOrNull(list, TagFromName.AffectedSOPInstanceUID);
    transferSyntaxUid = association.getTransferSyntaxForPresentationContextID(presentationContextId);
    if (commandField == C_ECHO_RQ) {
      setDone(true);
    } else if (commandField != C_STORE_RQ) {
      throw new DicomNetworkException("unsupported DIMSE command 0x" + Integer.toHexString(commandField));
    }
  }

  private void writeData(byte[] fragment, Association association) {
    if (stagingFailure != null) {
      return; // keep reading the PDUs so the association stays in step; the failure is reported
    }
    try {
      if (staged == null) {
        stagedFile = Files.createTempFile(stagingDirectory, "incoming-", ".part");
        staged = new BufferedOutputStream(Files.newOutputStream(stagedFile), 64 * 1024);
        DicomOutputStream meta = new DicomOutputStream(staged, TransferSyntax.ExplicitVRLittleEndian, null);
        new FileMetaInformation(nonNull(affectedSopClassUid), nonNull(affectedSopInstanceUid), transferSyntaxUid,
            association.getCallingAETitle()).getAttributeList().write(meta);
        meta.flush();
      }
      staged.write(fragment);
    } catch (IOException | DicomException e) {
      stagingFailure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      closeQuietly();
    }
  }

  private void finishData() {
    if (staged != null && stagingFailure == null) {
      try {
        staged.close();
      } catch (IOException e) {
        stagingFailure = e;
      }
    }
    staged = null;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private void closeQuietly() {
    try {
      if (staged != null) staged.close();
    } catch (IOException ignored) {
      // the staging failure already recorded is the one worth reporting
    }
    staged = null;
  }

  /** Deletes whatever was staged; used when the request did not complete. */
  void discard() {
    closeQuietly();
    if (stagedFile != null) {
      try {
        Files.deleteIfExists(stagedFile);
      } catch (IOException ignored) {
        // staging folder is swept on start
      }
    }
  }

  int commandField() { return commandField; }
  int messageId() { return messageId; }
  String affectedSopClassUid() { return affectedSopClassUid; }
  String affectedSopInstanceUid() { return affectedSopInstanceUid; }
  byte presentationContextId() { return presentationContextId; }
  String transferSyntaxUid() { return transferSyntaxUid; }
  Path stagedFile() { return stagedFile; }
  IOException stagingFailure() { return stagingFailure; }
}
