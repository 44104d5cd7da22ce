package org.neurofhir.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ch.qos.logback.classic.Level;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.CapturedLogs;
import org.neurofhir.server.support.CapturedLogs.Line;

/** A refusal is one line without a stack trace; a failure of the server keeps ERROR and its stack. */
class FailedRequestLogTest {

  private final FailedRequestLog log = new FailedRequestLog();

  private List<Line> logged(BaseServerResponseException exception) {
    SystemRequestDetails request = new SystemRequestDetails();
    request.setRequestType(RequestTypeEnum.GET);
    request.setRequestPath("Patient/42");
    long mark = CapturedLogs.mark();
    assertThat(log.failed(request, exception)).as("lets HAPI write the OperationOutcome").isTrue();
    return CapturedLogs.since(mark).stream().filter(l -> l.logger().equals(FailedRequestLog.class.getName())).toList();
  }

  @Test
  void refusalIsOneInfoLineWithMethodPathStatusAndReason() {
    assertThat(logged(new ResourceNotFoundException("Resource Patient/42 is not known")))
        .singleElement()
        .satisfies(l -> {
          assertThat(l.level()).isEqualTo(Level.INFO);
          assertThat(l.message()).isEqualTo("GET /Patient/42 refused: 404 Resource Patient/42 is not known");
          assertThat(l.hasStackTrace()).isFalse();
        });
  }

  @Test
  void reasonOverSeveralLinesStaysOneLine() {
    assertThat(logged(new UnprocessableEntityException("first issue\nsecond issue")))
        .singleElement()
        .satisfies(l -> assertThat(l.message()).endsWith("422 first issue | second issue"));
  }

  @Test
  void serverFailureIsErrorWithItsStack() {
    assertThat(logged(new InternalErrorException("boom", new IllegalStateException("cause"))))
        .singleElement()
        .satisfies(l -> {
          assertThat(l.level()).isEqualTo(Level.ERROR);
          assertThat(l.message()).startsWith("GET /Patient/42 failed: 500");
          assertThat(l.hasStackTrace()).isTrue();
        });
  }

  @Test
  void busyIsWarnWithoutStack() {
    BaseServerResponseException busy = new BaseServerResponseException(503, "transaction entry budget full") {};
    assertThat(logged(busy))
        .singleElement()
        .satisfies(l -> {
          assertThat(l.level()).isEqualTo(Level.WARN);
          assertThat(l.hasStackTrace()).isFalse();
        });
  }
}
