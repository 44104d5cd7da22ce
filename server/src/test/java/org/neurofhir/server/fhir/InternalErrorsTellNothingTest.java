package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.CapturedLogs;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A failure inside the server answers 500 with a generic OperationOutcome whose reference leads to the full
 * failure in the log, whatever the failure's message held. The failure is injected (a hook that throws what a
 * database driver would, for requests carrying a header only this test sends): no real request is known to fail.
 */
class InternalErrorsTellNothingTest extends ServerTestBase {

  private static final String FAIL_HEADER = "X-Test-Inject-Failure";
  private static final String SECRET = "ERROR: relation \"hfj_resource\" SELECT res_text FROM hfj_res_ver WHERE x='Smith'";

  @Autowired RestfulServer restfulServer;

  @Interceptor
  public static class FailingHook {
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void fail(RequestDetails request) {
      if (request.getHeader(FAIL_HEADER) != null) {
        throw new IllegalStateException(SECRET, new java.sql.SQLException(SECRET));
      }
    }
  }

  @Test
  void aFailureAnswersAGenericOutcomeWithAReferenceFoundInTheLog() throws Exception {
    FailingHook hook = new FailingHook();
    restfulServer.registerInterceptor(hook);
    try {
      long mark = CapturedLogs.mark();
      HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?name=x")))
          .header(FAIL_HEADER, "1").GET().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).contains("\"resourceType\":\"OperationOutcome\"")
          .doesNotContain("SELECT").doesNotContain("hfj_").doesNotContain("Smith")
          .doesNotContain("Exception").doesNotContain("java.").doesNotContain("org.");
      Matcher reference = Pattern.compile("reference ([0-9a-f]{8})").matcher(r.body());
      assertThat(reference.find()).as(r.body()).isTrue();

      List<CapturedLogs.Line> errors = CapturedLogs.since(mark).stream()
          .filter(l -> l.message().contains(reference.group(1))).toList();
      assertThat(errors).as("a log line names the reference").isNotEmpty();
      // with the stack trace, whose causes say what happened
      assertThat(errors).anySatisfy(l -> assertThat(l.hasStackTrace()).isTrue());
    } finally {
      restfulServer.unregisterInterceptor(hook);
    }
    // the hook is gone: the same request succeeds
    HttpResponse<String> ok = http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?name=x")))
        .header(FAIL_HEADER, "1").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void noResponseNamesTheSoftware() throws Exception {
    HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1")))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("X-Powered-By") || h.equalsIgnoreCase("Server"));
  }
}
