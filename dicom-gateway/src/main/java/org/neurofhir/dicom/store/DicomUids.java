package org.neurofhir.dicom.store;

import java.util.regex.Pattern;

/**
 * DICOM UID syntax (PS3.5 9.1): digits and dots, at most 64 characters, no empty component, no
 * leading zero in a multi-digit component, rooted at an ISO OID arc (0, 1 or 2). UIDs become folder and file names, so anything else
 * (slashes, "..", spaces, control characters) is refused before it can reach the file system.
 */
public final class DicomUids {
  private static final Pattern UID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

  private DicomUids() {}

  public static boolean isValid(String uid) {
    return uid != null && !uid.isEmpty() && uid.length() <= 64 && UID.matcher(uid).matches();
  }

  /** Returns the UID, or throws naming the attribute and why it is unacceptable. */
  public static String require(String uid, String attributeName) throws InvalidInstanceException {
    if (uid == null || uid.isEmpty()) {
      throw new InvalidInstanceException("missing " + attributeName);
    }
    if (!isValid(uid)) {
      throw new InvalidInstanceException("invalid " + attributeName + " (not a DICOM UID)");
    }
    return uid;
  }
}
