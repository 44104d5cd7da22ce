package org.neurofhir.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

/** Only the exact harmless lines are left out; the same loggers' other lines, and real failures, stay. */
class HarmlessLogLinesTest {

  private final LoggerContext context = new LoggerContext();
  private final HarmlessLogLines filter = new HarmlessLogLines();

  private FilterReply hookLine(Pointcut pointcut, Exception thrown) {
    return filter.decide(null, context.getLogger(HarmlessLogLines.HOOK_LOGGER), Level.ERROR,
        HarmlessLogLines.HOOK_MESSAGE, new Object[] {pointcut, thrown.toString(), thrown}, null);
  }

  @Test
  void refusalAHookThrowsAndHapiPassesOnIsLeftOut() {
    assertThat(hookLine(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, new ForbiddenOperationException("no")))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void failureOfAHookStaysEvenWhenPassedOn() {
    assertThat(hookLine(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, new InternalErrorException("bug")))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(hookLine(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, new NullPointerException()))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void refusalThatHapiSwallowsStays() {
    // SERVER_PROCESSING_COMPLETED passes nothing on: a hook failing there is hidden from the client, so it is logged
    assertThat(hookLine(Pointcut.SERVER_PROCESSING_COMPLETED, new ForbiddenOperationException("no")))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void hibernateImmutableWarningOnlyForHapiTerminologyEntities() {
    var persister = context.getLogger(HarmlessLogLines.HIBERNATE_PERSISTER_LOGGER);
    assertThat(filter.decide(null, persister, Level.WARN, "HHH000502: The [myCurrentVersion] property of the"
        + " [ca.uhn.fhir.jpa.entity.TermCodeSystem] entity was modified, but it won't be updated because the property"
        + " is immutable.", null, null)).isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, persister, Level.WARN, "HHH000502: The [name] property of the"
        + " [org.neurofhir.Other] entity was modified, but it won't be updated because the property is immutable.",
        null, null)).isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void unknownElementOutsideHapisTerminologyLoaderStays() {
    // the same parser warning for a client's resource: not under DefaultProfileValidationSupportBundleStrategy
    assertThat(filter.decide(null, context.getLogger(HarmlessLogLines.PARSER_LOGGER), Level.WARN,
        "{}" + HarmlessLogLines.PARSER_UNKNOWN_ELEMENT, new Object[] {"", "author"}, null))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void otherLinesOfTheSameLoggersStay() {
    assertThat(filter.decide(null, context.getLogger(HarmlessLogLines.HOOK_LOGGER), Level.WARN,
        "Interceptor {} has no hooks", new Object[] {"x"}, null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, context.getLogger(HarmlessLogLines.REQUEST_FAILURE_LOGGER), Level.ERROR,
        "HAPI-FHIR was unable to reset the output stream during exception handling. The root causes follows:",
        null, null)).isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, context.getLogger(HarmlessLogLines.POST_PROCESSOR_CHECKER_LOGGER), Level.WARN,
        "Bean 'clinicScheduler' of type [org.neurofhir.X] is not eligible for getting processed by all"
        + " BeanPostProcessors", null, null)).isEqualTo(FilterReply.NEUTRAL);
  }
}
