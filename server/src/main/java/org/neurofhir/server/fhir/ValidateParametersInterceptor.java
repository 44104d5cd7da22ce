package org.neurofhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;

/**
 * {@code $validate} as the FHIR specification defines it takes a Parameters body: {@code resource}, {@code profile},
 * {@code mode}. HAPI 8.8's server mishandles that form: it validates the raw request body, i.e. the Parameters
 * wrapper (a requested profile was applied to the wrapper, not to the resource); and it reads {@code profile} and
 * {@code mode} there with {@code toString()} of the parsed value ({@code "UriType[https://...]"}), so the profile was
 * "not found" and every mode "invalid". The form HAPI handles correctly is the resource itself as the body with profile and mode in the
 * URL, so a Parameters body is rewritten into it before HAPI binds the operation's parameters. A value the URL
 * already gives wins.
 */
@Interceptor
public class ValidateParametersInterceptor {

  private static final List<String> MOVED = List.of("profile", "mode");

  private final FhirContext fhir;

  public ValidateParametersInterceptor(FhirContext fhir) {
    this.fhir = fhir;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void unwrap(RequestDetails request) {
    if (request.getRequestType() != RequestTypeEnum.POST || !"$validate".equals(request.getOperation())) {
      return;
    }
    EncodingEnum encoding = RestfulServerUtils.determineRequestEncodingNoDefault(request);
    byte[] body = request.loadRequestContents();
    if (encoding == null || body == null || body.length == 0) {
      return;
    }
    IBaseResource parsed;
    try {
      parsed = encoding.newParser(fhir).parseResource(new String(body, StandardCharsets.UTF_8));
    } catch (DataFormatException e) {
      return; // HAPI answers it with its own 400 when it parses the body
    }
    if (!(parsed instanceof Parameters parameters)) {
      return;
    }
    for (String name : MOVED) {
      ParametersParameterComponent part = parameters.getParameter(name);
      if (part != null && part.getValue() instanceof PrimitiveType<?> value) {
        if (!request.getParameters().containsKey(name)) {
          request.addParameter(name, new String[] {value.getValueAsString()});
        }
        parameters.getParameter().remove(part);
      }
    }
    ParametersParameterComponent resource = parameters.getParameter("resource");
    // without a resource part (instance $validate, e.g. mode=delete) HAPI validates the stored resource
    IBaseResource newBody = resource != null && resource.hasResource() ? resource.getResource() : parameters;
    request.setRequestContents(
        encoding.newParser(fhir).encodeResourceToString(newBody).getBytes(StandardCharsets.UTF_8));
  }
}
