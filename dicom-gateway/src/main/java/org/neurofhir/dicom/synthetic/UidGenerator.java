package org.neurofhir.dicom.synthetic;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.neurofhir.dicom.store.DicomUids;

/**
 * New DICOM UIDs under our root: {@code <root>.<decimal of a random UUID>}, cut to 64 characters.
 * With no root, the UUID-derived form {@code 2.25.<uuid>} of PS3.5 B.2.
 */
public class UidGenerator {
  private static final String UUID_ROOT = "2.25";
  private final String root;

  public UidGenerator(String root) {
    this.root = root == null || root.isBlank() ? UUID_ROOT : root.trim();
    if (!DicomUids.isValid(this.root) || this.root.length() > 40) {
      throw new IllegalArgumentException("UID root must be a DICOM UID of at most 40 characters: " + root);
    }
  }

  public String newUid() {
    UUID u = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(17).put((byte) 0).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    String digits = new BigInteger(b.array()).toString();
    String uid = root + "." + digits;
    if (uid.length() > 64) uid = uid.substring(0, 64);
    // Cutting can leave a component with a leading zero or a trailing dot is impossible (digits only).
    return uid.endsWith(".") ? uid + "1" : uid;
  }

  public String root() {
    return root;
  }
}
