package org.neurofhir.server.fhir.hygiene;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.IModelVisitor2;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Refuses (400, nothing stored) text that would be stored broken or be dangerous when shown:
 * <ul>
 *   <li>a JSON or XML body that is not valid UTF-8 (HAPI would store U+FFFD in place of the bad bytes);
 *   <li>a string with a control character, an unpaired surrogate or over 1 MB ({@link TextValueRules});
 *   <li>a narrative with script, event handlers or other markup FHIR does not allow ({@link NarrativeRules}).
 * </ul>
 * Strings are checked on every resource about to be stored for a request from outside (REST, including each entry
 * of a batch or transaction and the outcome of a patch), not on what the server's own pipeline writes.
 */
@Interceptor
public class InputHygieneInterceptor {

  private final FhirContext fhir;

  public InputHygieneInterceptor(FhirContext fhir) {
    this.fhir = fhir;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public boolean rejectBodyNotUtf8(RequestDetails request) {
    String contentType = request.getHeader(Constants.HEADER_CONTENT_TYPE);
    if (contentType == null) {
      return true;
    }
    String type = contentType.toLowerCase(Locale.ROOT);
    boolean text = type.contains("json") || type.contains("xml");
    boolean utf8 = !type.contains("charset=") || type.contains("charset=utf-8");
    if (!text || !utf8) {
      return true;
    }
    byte[] body = request.loadRequestContents(); // kept by HAPI for the parser: read once
    if (body == null || body.length == 0 || (body.length >= 2 && (body[0] & 0xFE) == 0xFE)) {
      return true; // a UTF-16 byte order mark: left to the parser
    }
    int bad = Utf8.firstInvalidByte(body);
    if (bad >= 0) {
      throw new InvalidRequestException(
          "The request body is not valid UTF-8 (byte " + bad + "); FHIR's JSON and XML are UTF-8");
    }
    return true;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void checkCreated(IBaseResource resource, RequestDetails request) {
    check(resource, request);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void checkUpdated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    check(resource, request);
  }

  private void check(IBaseResource resource, RequestDetails request) {
    if (!(request instanceof ServletRequestDetails)) {
      return; // written by the server itself
    }
    fhir.newTerser().visit(resource, new IModelVisitor2() {
      @Override
      public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
          List<BaseRuntimeElementDefinition<?>> definitions) {
        String problem = problem(element);
        if (problem != null) {
          throw new InvalidRequestException(path(resource, children) + " " + problem);
        }
        return true;
      }
    });
  }

  private static String problem(IBase element) {
    if (element instanceof XhtmlNode div) {
      return NarrativeRules.problem(div);
    }
    if (element instanceof IPrimitiveType<?> primitive && !(element instanceof Base64BinaryType)
        && primitive.getValue() instanceof String value) {
      return TextValueRules.problem(value);
    }
    return null;
  }

  private static String path(IBaseResource resource, List<BaseRuntimeChildDefinition> children) {
    StringBuilder path = new StringBuilder(resource.fhirType());
    for (BaseRuntimeChildDefinition child : children) {
      path.append('.').append(child.getElementName());
    }
    return path.toString();
  }
}
