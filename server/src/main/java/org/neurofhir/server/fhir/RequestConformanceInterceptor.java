package org.neurofhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Answers these cases the way the FHIR specification (not HAPI's default) says, or more strictly:
 * <ul>
 *   <li>an XML body with a document type declaration is a bad request (400), whatever it declares: FHIR XML has
 *       none, and a DTD is how entity expansion, external entities and requests to other hosts get in;
 *   <li>a logical id that cannot exist ({@code [A-Za-z0-9\-\.]{1,64}}) is a bad request (400), not "not found";
 *   <li>an update whose {@code If-Match} version is stale is 412 Precondition Failed (HAPI answers 409).
 * </ul>
 */
@Interceptor
public class RequestConformanceInterceptor {

  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean rejectXmlWithDoctype(RequestDetails request) {
    String contentType = request.getHeader(Constants.HEADER_CONTENT_TYPE);
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("xml")) {
      return true;
    }
    byte[] body = request.loadRequestContents(); // kept by HAPI for the parser: read once
    if (body != null && declaresDoctype(body)) {
      throw new InvalidRequestException("XML with a document type declaration (<!DOCTYPE ...>) is not accepted");
    }
    return true;
  }

  private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private static boolean declaresDoctype(byte[] body) {
    boolean utf16 = body.length >= 2
        && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF) || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE));
    if (utf16) {
      return new String(body, java.nio.charset.StandardCharsets.UTF_16).contains("<!DOCTYPE");
    }
    // searched in the bytes: a copy as text of a body near the size limit is heap the body budget did not count
    outer:
    for (int i = 0; i + DOCTYPE.length <= body.length; i++) {
      for (int k = 0; k < DOCTYPE.length; k++) {
        if (body[i + k] != DOCTYPE[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void rejectImpossibleIds(RequestDetails request) {
    IIdType id = request.getId();
    if (id != null && id.hasIdPart() && !FHIR_ID.matcher(id.getIdPart()).matches()) {
      throw new InvalidRequestException(
          "Invalid resource id '" + id.getIdPart() + "': ids are 1-64 characters of A-Z, a-z, 0-9, '-' and '.'");
    }
  }

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException staleIfMatchIsPreconditionFailed(RequestDetails request, Throwable exception) {
    if (exception instanceof ResourceVersionConflictException conflict
        && request.getHeader(Constants.HEADER_IF_MATCH) != null) {
      PreconditionFailedException failed = new PreconditionFailedException(conflict.getMessage());
      failed.setOperationOutcome(conflict.getOperationOutcome());
      return failed;
    }
    return null;
  }
}
