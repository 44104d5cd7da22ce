package org.neurofhir.server.security;

import java.util.Optional;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;

/**
 * The one caller a Binary was made for (a bulk export file), written into {@code Binary.securityContext.identifier}.
 * Such a Binary is readable by that caller alone, admins included: an export holds many patients' records and was
 * authorized for the caller who asked for it, not for whoever finds the file's id.
 *
 * @param key the OAuth2 client and token subject of the caller
 */
public record BinaryOwner(String key) {

  public static final String SYSTEM = "urn:neurofhir:binary-owner";

  public static BinaryOwner of(Caller caller) {
    return new BinaryOwner(caller.clientId() + "|" + caller.subject());
  }

  /** The owner written on this Binary; empty when it belongs to whatever points at it (the usual case). */
  public static Optional<BinaryOwner> of(Binary binary) {
    if (!binary.hasSecurityContext() || !binary.getSecurityContext().hasIdentifier()) {
      return Optional.empty();
    }
    Identifier identifier = binary.getSecurityContext().getIdentifier();
    return SYSTEM.equals(identifier.getSystem()) ? Optional.of(new BinaryOwner(identifier.getValue())) : Optional.empty();
  }
}
