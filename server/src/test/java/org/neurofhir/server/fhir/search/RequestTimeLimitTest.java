package org.neurofhir.server.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-request deadline and the answer to a cancelled statement, on HAPI's own request object. */
class RequestTimeLimitTest {

  @Test
  void aSearchPastItsDeadlineIsStoppedWith503() {
    RequestTimeLimit limit = new RequestTimeLimit(Duration.ZERO);
    ServletRequestDetails request = new ServletRequestDetails();
    limit.start(request);
    BaseServerResponseException stopped =
        catchThrowableOfType(() -> limit.beforeResourcesLoaded(request), BaseServerResponseException.class);
    assertThat(stopped.getStatusCode()).isEqualTo(503);
  }

  @Test
  void aSearchWithinItsDeadlineGoesOn() {
    RequestTimeLimit limit = new RequestTimeLimit(Duration.ofMinutes(1));
    ServletRequestDetails request = new ServletRequestDetails();
    limit.start(request);
    assertThatCode(() -> limit.beforeSearch(request)).doesNotThrowAnyException();
    assertThatCode(() -> limit.beforeSearch(new ServletRequestDetails())).doesNotThrowAnyException();
  }

  @Test
  void aCancelledStatementIs503WithoutTheDriversMessage() {
    RequestTimeLimit limit = new RequestTimeLimit(Duration.ofSeconds(30));
    BaseServerResponseException answer = limit.statementTimedOut(
        new RuntimeException(new SQLException("ERROR: canceling statement due to statement timeout; SQL [select]", "57014")));
    assertThat(answer.getStatusCode()).isEqualTo(503);
    assertThat(answer.getMessage()).contains("30 s").doesNotContain("SQL").doesNotContain("select");
    assertThat(limit.statementTimedOut(new IllegalStateException("other"))).isNull();
  }
}
