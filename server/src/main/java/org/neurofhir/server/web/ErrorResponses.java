package org.neurofhir.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Answers errors raised before HAPI or a controller could (Tomcat refusing a malformed URL, a servlet filter
 * failing, no such endpoint): an OperationOutcome for FHIR paths, as the FHIR endpoint answers, and for every path
 * a fixed text per status, never the exception's message. A failure (5xx) is logged with a reference that the
 * answer carries. Replaces Spring Boot's error controller, which names paths and reasons from the exception.
 */
@Controller
public class ErrorResponses implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  @RequestMapping("${server.error.path:/error}")
  public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
    String uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String u ? u : "";
    String text = text(status);
    if (status >= 500) {
      String reference = UUID.randomUUID().toString().substring(0, 8);
      Throwable failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
      log.error("{} {} failed before the FHIR endpoint: {} (reference {})", request.getMethod(), uri, status,
          reference, failure);
      text += " (reference " + reference + "; the administrator finds what happened under it in the server log)";
    }
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    if (uri.startsWith("/fhir")) {
      OperationOutcomeResponses.write(response, status, issueCode(status), text);
    } else {
      writePlain(response, status, text);
    }
  }

  static void writePlain(HttpServletResponse response, int status, String text) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write("{\"status\":" + status + ",\"error\":\"" + text.replace("\"", "'") + "\"}");
  }

  static String text(int status) {
    return switch (status) {
      case 400 -> "Bad request: the URL, a header or the body is malformed";
      case 401 -> "Authentication required: send a valid access token";
      case 403 -> "Not allowed";
      case 404 -> "No such endpoint";
      case 405 -> "Method not allowed here";
      case 413 -> "Request too large";
      case 414 -> "URL too long";
      case 431 -> "Request headers too large";
      default -> {
        HttpStatus known = HttpStatus.resolve(status);
        yield known == null ? "Error " + status : known.getReasonPhrase();
      }
    };
  }

  static String issueCode(int status) {
    return switch (status) {
      case 401 -> "login";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 413, 414, 431 -> "too-long";
      default -> status >= 500 ? "exception" : "invalid";
    };
  }
}
