package ca.uhn.fhir.jpa.dao;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.neurofhir.server.fhir.StoredTextHash;
import org.neurofhir.server.fhir.TransactionCreatesIndexedOnce;

/**
 * HAPI's history calculator, except that a resource created inside a transaction bundle is encoded once, in the
 * pass that stores it, instead of also in the pass whose result HAPI discards (see
 * {@link TransactionCreatesIndexedOnce}), and the body's hash is computed by {@link StoredTextHash} (the same
 * value). In HAPI's package only because the method it overrides is package-private.
 */
public class SecondPassOnlyHistoryCalculator extends ResourceHistoryCalculator {

  private final boolean oracleDialect;

  public SecondPassOnlyHistoryCalculator(FhirContext fhirContext, boolean oracleDialect) {
    super(fhirContext, oracleDialect);
    this.oracleDialect = oracleDialect;
  }

  @Override
  ResourceHistoryState calculateResourceHistoryState(
      IBaseResource resource, ResourceEncodingEnum encoding, List<String> excludeElements) {
    if (TransactionCreatesIndexedOnce.leaveFirstPass(resource)) {
      return TransactionCreatesIndexedOnce.FIRST_PASS_STATE;
    }
    TransactionCreatesIndexedOnce.markStored(resource);
    if (oracleDialect) {
      return super.calculateResourceHistoryState(resource, encoding, excludeElements);
    }
    // HAPI stores the text as JSON on every other database, whatever encoding was asked for.
    String text = encodeResource(resource, encoding, excludeElements);
    return new ResourceHistoryState(text, null, ResourceEncodingEnum.JSON, StoredTextHash.of(text));
  }
}
