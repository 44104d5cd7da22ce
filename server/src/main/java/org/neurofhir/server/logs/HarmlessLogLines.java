package org.neurofhir.server.logs;

import ca.uhn.fhir.interceptor.api.IPointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Leaves out of the log the lines of our libraries that report nothing wrong, each matched by its logger and its
 * exact message, so the same loggers still report everything else (a lowered logger level would hide that too):
 *
 * <ol>
 *   <li>HAPI ({@code BaseInterceptorService}) logs every exception an interceptor hook throws at ERROR with its stack
 *       trace, before passing it on. A hook that refuses a request (AuthorizationInterceptor's 403, our audit guard's
 *       403, the profile check's 422, ...) throws a 4xx to do so; HAPI passes it on as the response and
 *       {@link FailedRequestLog} logs it as one line. Left out: exactly those, a 4xx that the pointcut passes on. An
 *       exception a pointcut swallows (the request goes on without the hook) and anything 5xx or not HAPI's still
 *       log at ERROR.
 *   <li>HAPI ({@code ExceptionHandlingInterceptor}) logs "Failure during REST processing" for each failed request;
 *       {@link FailedRequestLog} has logged the same request already (4xx as one line, 5xx with the stack).
 *   <li>Hibernate's HHH000502 for HAPI's terminology entities, on every stored CodeSystem (12 lines at a first
 *       start): HAPI maps the current-version and code-system columns of {@code TermCodeSystem} and
 *       {@code TermCodeSystemVersion} twice, once as a read-only association and once as a writable id, and sets
 *       both; Hibernate warns that the read-only one is not written. The writable one is, so nothing is lost.
 *   <li>Spring's "not eligible for getting processed by all BeanPostProcessors" about HAPI's
 *       {@code BeanPostProcessorConfig}: a configuration class that only declares a post-processor, nothing in it
 *       needs proxying. The same warning about any other bean still shows.
 *   <li>HAPI's parser warning "Unknown element 'author'" while HAPI loads its own CodeSystem
 *       {@code HapiFhirStorageResponseCode.json} (in hapi-fhir-base; it carries R5's {@code CodeSystem.author},
 *       which R4 lacks), three times whenever the validator first loads the core terminology. Matched by the loader
 *       on the stack ({@code DefaultProfileValidationSupportBundleStrategy}), so an unknown element in anything
 *       else, a client's resource included, is still reported.
 * </ol>
 *
 * Installed right after Spring Boot has set up logging ({@link Installer}, {@code META-INF/spring.factories}), so it
 * is in place before the first of these lines.
 */
public final class HarmlessLogLines extends TurboFilter {

  static final String HOOK_LOGGER = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";
  static final String HOOK_MESSAGE = "Exception thrown by interceptor for pointcut {}: {}";
  static final String REQUEST_FAILURE_LOGGER = "ca.uhn.fhir.rest.server.interceptor.ExceptionHandlingInterceptor";
  static final String REQUEST_FAILURE_MESSAGE = "Failure during REST processing";
  static final String HIBERNATE_PERSISTER_LOGGER = "org.hibernate.persister.entity.AbstractEntityPersister";
  static final String HAPI_TERMINOLOGY_IMMUTABLE = "HHH000502: ";
  static final String HAPI_TERMINOLOGY_ENTITY = "[ca.uhn.fhir.jpa.entity.TermCodeSystem";
  static final String POST_PROCESSOR_CHECKER_LOGGER =
      "org.springframework.context.support.PostProcessorRegistrationDelegate$BeanPostProcessorChecker";
  static final String HAPI_POST_PROCESSOR_CONFIG = "Bean 'ca.uhn.fhir.jpa.config.BeanPostProcessorConfig' ";
  static final String PARSER_LOGGER = "ca.uhn.fhir.parser.LenientErrorHandler";
  static final String PARSER_UNKNOWN_ELEMENT = "Unknown element '{}' found while parsing";
  static final String HAPI_BUNDLED_TERMINOLOGY_LOADER =
      "ca.uhn.fhir.context.support.DefaultProfileValidationSupportBundleStrategy";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    boolean harmless = switch (name) {
      case HOOK_LOGGER -> HOOK_MESSAGE.equals(format) && refusalPassedOn(params);
      case REQUEST_FAILURE_LOGGER -> format.startsWith(REQUEST_FAILURE_MESSAGE);
      case HIBERNATE_PERSISTER_LOGGER ->
          format.startsWith(HAPI_TERMINOLOGY_IMMUTABLE) && format.contains(HAPI_TERMINOLOGY_ENTITY);
      case POST_PROCESSOR_CHECKER_LOGGER -> format.startsWith(HAPI_POST_PROCESSOR_CONFIG);
      case PARSER_LOGGER -> format.endsWith(PARSER_UNKNOWN_ELEMENT) && parsingHapisBundledTerminology();
      default -> false;
    };
    return harmless ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  /** HAPI's arguments: the pointcut, the exception as text, the exception. */
  private static boolean refusalPassedOn(Object[] params) {
    return params != null
        && params.length == 3
        && params[0] instanceof IPointcut pointcut
        && params[2] instanceof BaseServerResponseException refusal
        && refusal.getStatusCode() < 500
        && !pointcut.isShouldLogAndSwallowException(refusal);
  }

  // Walks the stack only for this one message, which the server otherwise logs only for unknown client elements.
  private static boolean parsingHapisBundledTerminology() {
    return StackWalker.getInstance().walk(frames ->
        frames.anyMatch(f -> f.getClassName().equals(HAPI_BUNDLED_TERMINOLOGY_LOADER)));
  }

  /** Adds the filter to Logback once Spring Boot has configured it (which resets any filter added before). */
  public static final class Installer implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
      install();
    }

    @Override
    public int getOrder() {
      return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }
  }

  static void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    synchronized (context) {
      if (context.getTurboFilterList().stream().noneMatch(HarmlessLogLines.class::isInstance)) {
        HarmlessLogLines filter = new HarmlessLogLines();
        filter.setName("neurofhir-harmless-log-lines");
        filter.setContext(context);
        filter.start();
        context.addTurboFilter(filter);
      }
    }
  }
}
