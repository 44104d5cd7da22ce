package org.neurofhir.server.scheduling.calendar;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.neurofhir.server.scheduling.booking.AppointmentSlots;

/**
 * One person's appointments as an iCalendar (RFC 5545) feed: from {@code past} ago to {@code ahead} from now, one
 * VEVENT per appointment, UID stable across versions and SEQUENCE = its version, so a calendar client updates an
 * event in place and shows a cancelled appointment as cancelled. Events carry no patient name or reason: feeds end up
 * in third-party calendar services; the description links to the Appointment, readable with a token.
 */
public class AgendaCalendar {

  private final IFhirResourceDao<Appointment> appointments;
  private final Clock clock;
  private final Duration past;
  private final Duration ahead;

  public AgendaCalendar(IFhirResourceDao<Appointment> appointments, Clock clock, Duration past, Duration ahead) {
    this.appointments = appointments;
    this.clock = clock;
    this.past = past;
    this.ahead = ahead;
  }

  public String ics(String owner, String fhirBase) {
    Instant now = clock.instant();
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(owner.startsWith("Patient/") ? Appointment.SP_PATIENT : Appointment.SP_ACTOR, new ReferenceParam(owner));
    map.add(Appointment.SP_DATE, new DateRangeParam(new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
        Date.from(now.minus(past))), new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, Date.from(now.plus(ahead)))));
    map.setSort(new SortSpec(Appointment.SP_DATE));
    Calendar calendar = new Calendar()
        .add(new ProdId("-//NeuroFHIR//Scheduling//EN"))
        .add(ImmutableVersion.VERSION_2_0)
        .add(ImmutableCalScale.GREGORIAN)
        .add(ImmutableMethod.PUBLISH);
    for (IBaseResource r : appointments.search(map, new SystemRequestDetails()).getAllResources()) {
      Appointment a = (Appointment) r;
      if (!a.hasStart() || !a.hasEnd()) {
        continue;
      }
      String mode = AppointmentSlots.mode(a).map(m -> " (" + m.display().toLowerCase(java.util.Locale.ROOT) + ")")
          .orElse("");
      VEvent event = new VEvent(a.getStart().toInstant(), a.getEnd().toInstant(), "Appointment" + mode)
          .add(new Uid("appointment-" + a.getIdElement().getIdPart() + "@neurofhir"))
          .add(new Sequence(version(a)))
          .add(status(a.getStatus()))
          .add(new Description(fhirBase + "/Appointment/" + a.getIdElement().getIdPart()));
      calendar.add(event);
    }
    StringWriter out = new StringWriter();
    try {
      new CalendarOutputter(false).output(calendar, out);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static int version(Appointment a) {
    String v = a.getIdElement().getVersionIdPart();
    return v == null ? 0 : Integer.parseInt(v);
  }

  private static Status status(AppointmentStatus status) {
    if (status == AppointmentStatus.CANCELLED || status == AppointmentStatus.ENTEREDINERROR) {
      return ImmutableStatus.VEVENT_CANCELLED;
    }
    return status == AppointmentStatus.PROPOSED || status == AppointmentStatus.PENDING
        || status == AppointmentStatus.WAITLIST ? ImmutableStatus.VEVENT_TENTATIVE : ImmutableStatus.VEVENT_CONFIRMED;
  }
}
