package org.neurofhir.server.scheduling;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Schedule;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.neurofhir.server.scheduling.availability.AvailabilityWriteGuard;
import org.neurofhir.server.scheduling.availability.ScheduleDirectory;
import org.neurofhir.server.scheduling.booking.BookingRules;
import org.neurofhir.server.scheduling.calendar.AgendaCalendar;
import org.neurofhir.server.scheduling.calendar.CalendarFeedStore;
import org.neurofhir.server.scheduling.booking.SlotBookings;
import org.neurofhir.server.scheduling.slots.FindOperationProvider;
import org.neurofhir.server.scheduling.slots.FreeSlotFinder;
import org.neurofhir.server.scheduling.workflow.AppointmentOperationProvider;
import org.neurofhir.server.scheduling.workflow.AppointmentWorkflow;
import org.neurofhir.server.scheduling.workflow.BookerAuthorization;
import org.neurofhir.server.security.RolePolicies;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Availability, free slots and the appointment workflow (server/README.md "Scheduling"). */
@Configuration
@EnableConfigurationProperties(SchedulingProperties.class)
public class SchedulingConfig {

  @Bean
  ScheduleDirectory scheduleDirectory(DaoRegistry daos, DataSource dataSource) {
    return new ScheduleDirectory(daos.getResourceDao(Schedule.class), dataSource);
  }

  @Bean
  SlotBookings slotBookings(DataSource dataSource) {
    return new SlotBookings(dataSource);
  }

  /** On HAPI's storage pointcuts: REST writes, bundles and the operations all pass here. */
  @Bean
  BookingRules bookingRules(ScheduleDirectory directory, SlotBookings bookings, Clock clock,
      IInterceptorService interceptors) {
    BookingRules rules = new BookingRules(directory, bookings, clock);
    interceptors.registerInterceptor(rules);
    return rules;
  }

  @Bean
  AvailabilityWriteGuard availabilityWriteGuard(IInterceptorService interceptors) {
    AvailabilityWriteGuard guard = new AvailabilityWriteGuard();
    interceptors.registerInterceptor(guard);
    return guard;
  }

  @Bean
  FindOperationProvider findOperationProvider(ScheduleDirectory directory, SlotBookings bookings, Clock clock,
      SchedulingProperties props) {
    return new FindOperationProvider(
        new FreeSlotFinder(directory, bookings, clock, props.maxFindRange(), props.maxFindSlots()));
  }

  @Bean
  AppointmentOperationProvider appointmentOperationProvider(RolePolicies policies, DaoRegistry daos,
      PlatformTransactionManager transactions, SchedulingProperties props, Clock clock) {
    return new AppointmentOperationProvider(new BookerAuthorization(policies), new AppointmentWorkflow(
        daos.getResourceDao(Appointment.class), daos.getResourceDao(Schedule.class), transactions, props, clock));
  }

  @Bean
  CalendarFeedStore calendarFeedStore(DataSource dataSource, Clock clock) {
    return new CalendarFeedStore(dataSource, clock);
  }

  @Bean
  AgendaCalendar agendaCalendar(DaoRegistry daos, Clock clock, SchedulingProperties props) {
    return new AgendaCalendar(daos.getResourceDao(Appointment.class), clock, props.calendarPast(),
        props.calendarAhead());
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer schedulingOperations(FindOperationProvider find,
      AppointmentOperationProvider workflow) {
    return server -> {
      server.registerProvider(find);
      server.registerProvider(workflow);
    };
  }
}
