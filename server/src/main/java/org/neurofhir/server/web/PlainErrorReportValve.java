package org.neurofhir.server.web;

import java.io.IOException;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Tomcat refuses some requests before any servlet or filter sees them (an undecodable or NUL-bearing URL, a
 * backslash, headers over the size limit) and answers with its own HTML error page. This valve answers those the way
 * {@link ErrorResponses} answers everything else: an OperationOutcome for FHIR paths, a one-line JSON otherwise,
 * never a Tomcat page. It replaces the host's error report valves (Tomcat's default and the one Spring Boot adds).
 */
public class PlainErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    try {
      response.resetBuffer();
      String uri = request.getDecodedRequestURI() != null ? request.getDecodedRequestURI() : "";
      String text = ErrorResponses.text(status);
      if (uri.startsWith("/fhir") || request.getRequestURI() == null || request.getRequestURI().startsWith("/fhir")) {
        OperationOutcomeResponses.write(response.getResponse(), status, ErrorResponses.issueCode(status), text);
      } else {
        ErrorResponses.writePlain(response.getResponse(), status, text);
      }
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response could not be written: nothing more to tell anyone
    }
  }

  /** Installs the valve on the embedded Tomcat's host, after Spring Boot's own customizers ran. */
  @Component
  public static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(context -> {
        var pipeline = context.getParent().getPipeline();
        for (Valve valve : pipeline.getValves()) {
          if (valve instanceof ErrorReportValve) {
            pipeline.removeValve(valve);
          }
        }
        // the host adds a valve of this class when it starts, unless one is there already
        ((StandardHost) context.getParent()).setErrorReportValveClass(PlainErrorReportValve.class.getName());
      });
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
