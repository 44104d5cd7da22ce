package org.neurofhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.dao.ResourceHistoryState;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import com.google.common.hash.HashCode;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Inside a transaction or batch bundle HAPI 8.8 stores a created resource in two passes: the first gives it its id,
 * the second, once every {@code urn:uuid:} reference of the bundle can be resolved, extracts its search index and
 * encodes the body it keeps. The first pass extracts and encodes too, then drops both (HAPI's own comment on the
 * branch: "is this IF statement always true?"): a quarter of the request thread's time in a Synthea import (JFR).
 *
 * <p>Before the first pass this interceptor marks the resource: HAPI then skips that pass's extraction
 * ({@link JpaConstants#RESOURCE_SKIP_INDEXING}) and {@code SecondPassOnlyHistoryCalculator} returns a placeholder
 * instead of an encoding, clearing both marks, so the second pass runs as before. A placeholder that was never
 * replaced by the second pass fails the transaction before it commits: it can slow nothing down but can never be
 * stored.
 */
@Interceptor
public class TransactionCreatesIndexedOnce {

  public static final ResourceHistoryState FIRST_PASS_STATE =
      new ResourceHistoryState(null, null, ResourceEncodingEnum.JSON, HashCode.fromBytes(new byte[32]));

  private static final String FIRST_PASS = TransactionCreatesIndexedOnce.class.getName() + ".firstPass";
  private static final String PLACEHOLDER = TransactionCreatesIndexedOnce.class.getName() + ".placeholder";

  private final FhirContext fhirContext;

  public TransactionCreatesIndexedOnce(FhirContext fhirContext) {
    this.fhirContext = fhirContext;
  }

  /**
   * Only creates inside a bundle, and only while placeholder targets are not auto-created: that is the one path on
   * which HAPI creates a resource with indexing inside a bundle's transaction (and the server keeps it off).
   */
  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void deferToSecondPass(IBaseResource resource, TransactionDetails transaction) {
    if (transaction == null || !transaction.isFhirTransaction()) {
      return;
    }
    // The skipped extraction would have contained by-value references; the second pass relies on that.
    fhirContext.newTerser().containResources(resource, null, true);
    resource.setUserData(JpaConstants.RESOURCE_SKIP_INDEXING, Boolean.TRUE);
    resource.setUserData(FIRST_PASS, Boolean.TRUE);
  }

  /** Deferred inside bundles: runs after the second pass, before the commit. */
  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void refusePlaceholders(IBaseResource resource) {
    if (resource.getUserData(PLACEHOLDER) != null || resource.getUserData(FIRST_PASS) != null) {
      throw new InternalErrorException("Resource " + resource.getIdElement().getValue()
          + " of a transaction was not indexed and encoded by HAPI's second pass; nothing was stored");
    }
  }

  /** True (once) when HAPI's first pass reaches the encoding of a marked resource. */
  public static boolean leaveFirstPass(IBaseResource resource) {
    if (resource.getUserData(FIRST_PASS) == null) {
      return false;
    }
    resource.setUserData(FIRST_PASS, null);
    resource.setUserData(JpaConstants.RESOURCE_SKIP_INDEXING, null);
    resource.setUserData(PLACEHOLDER, Boolean.TRUE);
    return true;
  }

  public static void markStored(IBaseResource resource) {
    if (resource.getUserData(PLACEHOLDER) != null) {
      resource.setUserData(PLACEHOLDER, null);
    }
  }
}
