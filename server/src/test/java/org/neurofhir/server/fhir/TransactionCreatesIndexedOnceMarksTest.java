package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The marks' life cycle, and the guard that keeps a first-pass placeholder from ever being committed. */
class TransactionCreatesIndexedOnceMarksTest {

  private final TransactionCreatesIndexedOnce interceptor =
      new TransactionCreatesIndexedOnce(FhirContext.forR4Cached());

  @Test
  void createsOutsideBundlesAreLeftAlone() {
    Patient patient = new Patient();
    interceptor.deferToSecondPass(patient, new TransactionDetails());
    assertThat(patient.getUserData(JpaConstants.RESOURCE_SKIP_INDEXING)).isNull();
    assertThat(TransactionCreatesIndexedOnce.leaveFirstPass(patient)).isFalse();
    assertThatCode(() -> interceptor.refusePlaceholders(patient)).doesNotThrowAnyException();
  }

  @Test
  void aPlaceholderCommitsOnlyAfterTheSecondPassEncodedTheResource() {
    Patient patient = new Patient();
    TransactionDetails bundle = new TransactionDetails();
    bundle.setFhirTransaction(true);

    interceptor.deferToSecondPass(patient, bundle);
    assertThat(patient.getUserData(JpaConstants.RESOURCE_SKIP_INDEXING)).isEqualTo(Boolean.TRUE);
    assertThatThrownBy(() -> interceptor.refusePlaceholders(patient)).isInstanceOf(InternalErrorException.class);

    assertThat(TransactionCreatesIndexedOnce.leaveFirstPass(patient)).isTrue();
    assertThat(patient.getUserData(JpaConstants.RESOURCE_SKIP_INDEXING)).isNull();
    assertThat(TransactionCreatesIndexedOnce.leaveFirstPass(patient)).isFalse();
    assertThatThrownBy(() -> interceptor.refusePlaceholders(patient)).isInstanceOf(InternalErrorException.class);

    TransactionCreatesIndexedOnce.markStored(patient);
    assertThatCode(() -> interceptor.refusePlaceholders(patient)).doesNotThrowAnyException();
  }
}
