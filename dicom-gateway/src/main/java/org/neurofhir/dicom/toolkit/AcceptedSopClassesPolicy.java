package org.neurofhir.dicom.toolkit;

import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;

/**
 * Which presentation contexts the SCP accepts: our storage SOP classes (plus Verification) in the
 * transfer syntaxes we can store and read back. Among those a context proposes we pick explicit VR
 * little endian first (stored as received, nothing to decode on validation), then JPEG lossless
 * (a PACS holding compressed images need not transcode them), then implicit VR little endian.
 * Any other syntax (lossy JPEG, JPEG 2000, big endian, deflate) is refused so senders fall back.
 */
final class AcceptedSopClassesPolicy implements PresentationContextSelectionPolicy {
  static final String VERIFICATION = "1.2.840.10008.1.1";
  static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
  static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
  /** JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1). */
  static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
  static final List<String> TRANSFER_SYNTAXES_BY_PREFERENCE = List.of(EXPLICIT_VR_LITTLE_ENDIAN, JPEG_LOSSLESS_SV1, IMPLICIT_VR_LITTLE_ENDIAN);

  /** PS3.8 Table 9-18 results. */
  private static final byte ACCEPTANCE = 0;
  private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
  private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

  private final Set<String> accepted;

  AcceptedSopClassesPolicy(Set<String> accepted) {
    this.accepted = accepted;
  }

  @Override
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber, int debugLevel) {
    return applyPresentationContextSelectionPolicy(contexts, associationNumber);
  }

  @Override
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber) {
    for (Object o : contexts) {
      PresentationContext pc = (PresentationContext) o;
      String as = pc.getAbstractSyntaxUID();
      List<?> proposed = pc.getTransferSyntaxUIDs();
      String chosen = TRANSFER_SYNTAXES_BY_PREFERENCE.stream().filter(proposed::contains).findFirst().orElse(null);
      // Verification carries no data set: only the uncompressed syntaxes make sense for it.
      if (VERIFICATION.equals(as) && JPEG_LOSSLESS_SV1.equals(chosen)) {
        chosen = proposed.contains(IMPLICIT_VR_LITTLE_ENDIAN) ? IMPLICIT_VR_LITTLE_ENDIAN : null;
      }
      // The response still names one transfer syntax, even for a rejected context (PS3.8 9.3.3.2).
      String named = chosen != null ? chosen : proposed.isEmpty() ? IMPLICIT_VR_LITTLE_ENDIAN : (String) proposed.get(0);
      pc.newTransferSyntaxUIDs();
      pc.addTransferSyntaxUID(named);
      if (!VERIFICATION.equals(as) && !accepted.contains(as)) {
        pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
      } else {
        pc.setResultReason(chosen == null ? TRANSFER_SYNTAXES_NOT_SUPPORTED : ACCEPTANCE);
      }
    }
    return contexts;
  }
}
