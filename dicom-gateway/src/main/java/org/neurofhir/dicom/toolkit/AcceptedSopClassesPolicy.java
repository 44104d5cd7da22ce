package org.neurofhir.dicom.toolkit;

import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import com.pixelmed.network.UnencapsulatedExplicitStorePresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.Set;

/**
 * PixelMed's uncompressed-storage policy (it picks explicit or implicit VR little endian and
 * refuses compressed syntaxes, so senders fall back) narrowed to the SOP classes we accept.
 */
final class AcceptedSopClassesPolicy implements PresentationContextSelectionPolicy {
  static final String VERIFICATION = "1.2.840.10008.1.1";
  /** PS3.8 Table 9-18: abstract-syntax-not-supported. */
  private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;

  private final PresentationContextSelectionPolicy uncompressed = new UnencapsulatedExplicitStorePresentationContextSelectionPolicy();
  private final Set<String> accepted;

  AcceptedSopClassesPolicy(Set<String> accepted) {
    this.accepted = accepted;
  }

  @Override
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber, int debugLevel) {
    return narrow(uncompressed.applyPresentationContextSelectionPolicy(contexts, associationNumber, debugLevel));
  }

  @Override
  public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber) {
    return narrow(uncompressed.applyPresentationContextSelectionPolicy(contexts, associationNumber));
  }

  private LinkedList narrow(LinkedList contexts) {
    for (Object o : contexts) {
      PresentationContext pc = (PresentationContext) o;
      String as = pc.getAbstractSyntaxUID();
      if (!VERIFICATION.equals(as) && !accepted.contains(as)) {
        pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
      }
    }
    return contexts;
  }
}
