package ca.uhn.fhir.jpa.dao;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.neurofhir.server.fhir.TransactionCreatesIndexedOnce;

/**
 * HAPI's history calculator, except that a resource created inside a transaction bundle is encoded once, in the
 * pass that stores it, instead of also in the pass whose result HAPI discards (see
 * {@link TransactionCreatesIndexedOnce}). In HAPI's package only because the method it overrides is
 * package-private.
 */
public class SecondPassOnlyHistoryCalculator extends ResourceHistoryCalculator {

  public SecondPassOnlyHistoryCalculator(FhirContext fhirContext, boolean oracleDialect) {
    super(fhirContext, oracleDialect);
  }

  @Override
  ResourceHistoryState calculateResourceHistoryState(
      IBaseResource resource, ResourceEncodingEnum encoding, List<String> excludeElements) {
    if (TransactionCreatesIndexedOnce.leaveFirstPass(resource)) {
      return TransactionCreatesIndexedOnce.FIRST_PASS_STATE;
    }
    TransactionCreatesIndexedOnce.markStored(resource);
    return super.calculateResourceHistoryState(resource, encoding, excludeElements);
  }
}
