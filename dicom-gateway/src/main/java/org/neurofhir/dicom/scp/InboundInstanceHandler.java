package org.neurofhir.dicom.scp;

import java.io.IOException;
import org.neurofhir.dicom.series.SeriesCompletionTracker;
import org.neurofhir.dicom.store.DicomUids;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.store.InstanceConflictException;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.store.InvalidInstanceException;
import org.neurofhir.dicom.toolkit.DicomFileReader;
import org.neurofhir.dicom.toolkit.DicomFormatException;
import org.neurofhir.dicom.toolkit.DicomStatus;
import org.neurofhir.dicom.toolkit.InstanceHeader;
import org.neurofhir.dicom.toolkit.StoreHandler;
import org.neurofhir.dicom.toolkit.StoreRequest;
import org.neurofhir.dicom.toolkit.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a received instance, stores it durably and tells the series tracker; maps every
 * refusal to one DICOM status with a short reason. Runs before the C-STORE response.
 */
public class InboundInstanceHandler implements StoreHandler {
  private static final Logger log = LoggerFactory.getLogger(InboundInstanceHandler.class);

  private final DicomFileReader reader;
  private final InstanceStore store;
  private final SeriesCompletionTracker tracker;

  public InboundInstanceHandler(DicomFileReader reader, InstanceStore store, SeriesCompletionTracker tracker) {
    this.reader = reader;
    this.store = store;
    this.tracker = tracker;
  }

  @Override
  public StoreResult store(StoreRequest request) {
    try {
      InstanceHeader header = validate(request);
      IndexedInstance stored = store.store(request.stagedFile(), header, request.transferSyntaxUid(), request.callingAeTitle());
      tracker.instanceStored(stored);
      return StoreResult.success();
    } catch (DicomFormatException e) {
      return refuse(request, DicomStatus.CANNOT_UNDERSTAND, "unreadable data set");
    } catch (InvalidInstanceException e) {
      return refuse(request, DicomStatus.CANNOT_UNDERSTAND, e.getMessage());
    } catch (SopClassMismatchException e) {
      return refuse(request, DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, e.getMessage());
    } catch (InstanceConflictException e) {
      return refuse(request, DicomStatus.CANNOT_UNDERSTAND, e.getMessage());
    } catch (IOException e) {
      log.error("Could not store instance from {}: {}", request.callingAeTitle(), e.toString());
      return StoreResult.failure(DicomStatus.OUT_OF_RESOURCES, "cannot store instance: " + e.getMessage());
    }
  }

  private InstanceHeader validate(StoreRequest request) throws DicomFormatException, InvalidInstanceException, SopClassMismatchException {
    // The whole data set is parsed: a transfer cut short must not be acknowledged.
    InstanceHeader h = reader.readCompleteHeader(request.stagedFile());
    DicomUids.require(h.sopInstanceUid(), "SOP Instance UID");
    DicomUids.require(h.studyInstanceUid(), "Study Instance UID");
    DicomUids.require(h.seriesInstanceUid(), "Series Instance UID");
    DicomUids.require(h.sopClassUid(), "SOP Class UID");
    if (h.patientId() == null) throw new InvalidInstanceException("missing Patient ID");
    if (h.patientId().length() > 64) throw new InvalidInstanceException("Patient ID longer than 64 characters");
    if (!h.sopInstanceUid().equals(request.affectedSopInstanceUid())) {
      throw new InvalidInstanceException("SOP Instance UID differs from the C-STORE request");
    }
    if (!h.sopClassUid().equals(request.affectedSopClassUid())) {
      throw new SopClassMismatchException("SOP Class UID differs from the C-STORE request");
    }
    return h;
  }

  private static StoreResult refuse(StoreRequest request, int status, String reason) {
    log.warn("Refused instance {} from {}: {}", printable(request.affectedSopInstanceUid()), request.callingAeTitle(), reason);
    return StoreResult.failure(status, reason);
  }

  /** Keeps hostile UIDs from forging log lines. */
  private static String printable(String s) {
    return s == null ? "-" : s.replaceAll("[^\\x20-\\x7E]", "?");
  }

  private static final class SopClassMismatchException extends Exception {
    SopClassMismatchException(String message) {
      super(message);
    }
  }
}
