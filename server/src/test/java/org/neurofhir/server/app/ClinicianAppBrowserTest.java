package org.neurofhir.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.inference.nifti.NiftiDatatype;
import org.neurofhir.inference.nifti.NiftiWriter;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.dicom.scp.DicomGatewayScp;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.pipeline.PipelineTestSupport;
import org.neurofhir.server.scheduling.AvailabilitySchedules;
import org.neurofhir.server.security.SecurityProperties;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The clinician web app in a real headless Chromium: sign-in through the login page (SMART standalone launch, PKCE),
 * the worklist with a report the pipeline made, the patient file, the viewer, a review, an upload, and a patient who
 * sees only their own file; the agenda (a secretary books, the doctor confirms and declines, the patient cancels).
 * Screenshots go to target/browser-screenshots (and server/docs for the README).
 */
class ClinicianAppBrowserTest extends ServerTestBase {

  private static final List<Sequence> SEQUENCES = List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR);
  private static final Path DOCS = Path.of("docs");

  @Autowired SecurityProperties security;
  @Autowired DicomGatewayScp scp;
  @Autowired SyntheticStudyWriter writer;

  @BeforeAll
  static void requireChromium() {
    Assumptions.assumeTrue(ChromiumBrowser.installed(), "chromium and chromium-driver are not installed");
  }

  private String app() {
    return security.issuer().replaceAll("/+$", "") + "/app/";
  }

  @Test
  void doctorSignsInReviewsTheWorklistViewsTheStudyAndAmendsAVolume(@TempDir Path tmp) throws Exception {
    String practitionerId = client.create().resource(new Practitioner().addName(
        new org.hl7.fhir.r4.model.HumanName().setFamily("Martin").addGiven("Claire").setPrefix(List.of(new org.hl7.fhir.r4.model.StringType("Dr")))))
        .execute().getId().getIdPart();
    String username = "app-doctor-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(username, TestTokens.USER_PASSWORD, List.of("doctor"), "Practitioner/" + practitionerId);
    String reportId = reportOfDicomStudy(tmp, "Dubois^Marie");

    try (ChromiumBrowser browser = new ChromiumBrowser(port, "en")) {
      browser.signIn(app(), username, TestTokens.USER_PASSWORD);
      WebElement row = browser.waitForElement(By.cssSelector("tr[data-report='" + reportId + "']"));
      assertThat(row.getText()).contains("DUBOIS").contains("brats");
      browser.screenshot("worklist", DOCS.resolve("app-worklist.png"));

      row.findElement(By.partialLinkText("DUBOIS")).click();
      browser.waitForElement(By.cssSelector("#section-reports tr[data-report='" + reportId + "']"));
      browser.waitForElement(By.id("trend-chart"));
      assertThat(browser.driver.findElement(By.id("patient-mrn")).getText()).isNotBlank();
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1400));
      Thread.sleep(300);
      browser.screenshot("patient-file", DOCS.resolve("app-patient-file.png"));
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));

      browser.driver.get(app() + "#/report/" + reportId);
      browser.waitFor(Duration.ofSeconds(90), d -> "true".equals(
          d.findElement(By.cssSelector("section[aria-labelledby=h-viewer]")).getDomAttribute("data-loaded")) ? true : null);
      Thread.sleep(1500); // niivue draws on the next animation frames
      WebElement canvas = browser.driver.findElement(By.id("gl"));
      assertThat(coloured(canvas.getScreenshotAs(OutputType.BYTES))).as("viewer canvas pixels in colour").isGreaterThan(200);
      // the MR under the labels comes from the received series through ImagingStudy/$nifti
      assertThat(browser.driver.findElements(By.id("no-base"))).isEmpty();
      assertThat(browser.driver.findElement(By.id("base-volume")).getText()).contains("T1CE").contains("FLAIR");
      browser.screenshot("viewer", DOCS.resolve("app-viewer.png"));

      // accept (preliminary -> final), then amend the released report's oedema (final -> amended)
      browser.driver.findElement(By.id("review-send")).click();
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElement(By.id("review-result")).getText().contains("final") ? true : null);
      browser.driver.navigate().refresh();
      browser.waitForElement(By.id("vol-oedema"));
      WebElement oedema = browser.driver.findElement(By.id("vol-oedema"));
      oedema.clear();
      oedema.sendKeys("12.34");
      browser.driver.findElement(By.id("review-comment")).sendKeys("oedema boundary corrected");
      browser.driver.findElement(By.id("review-send")).click();
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElement(By.id("review-result")).getText().contains("amended") ? true : null);

      // a later visit: the libraries come from the browser's cache, the app's files revalidate (figure, not a limit)
      long start = System.nanoTime();
      browser.driver.get(app() + "#/worklist");
      browser.waitForElement(By.cssSelector("main h1"));
      long shownMs = (System.nanoTime() - start) / 1_000_000;
      Object cached = browser.driver.executeScript("return performance.getEntriesByType('resource')"
          + ".filter(r => r.name.includes('/app/vendor/') && r.transferSize === 0).length");
      System.out.printf("web app, later visit: worklist shown after %d ms; libraries from cache: %s of 3%n", shownMs, cached);
      assertThat(((Number) cached).intValue()).isEqualTo(3);
    }
    DiagnosticReport report = client.read().resource(DiagnosticReport.class).withId(reportId).execute();
    assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.AMENDED);
    Observation oedema = report.getResult().stream()
        .map(r -> client.read().resource(Observation.class).withId(r.getReferenceElement().getIdPart()).execute())
        .filter(o -> o.getBodySite().getCoding().stream().anyMatch(c -> "oedema".equals(c.getCode())))
        .findFirst().orElseThrow();
    assertThat(oedema.getValueQuantity().getValue()).isEqualByComparingTo("12.34");
    assertThat(oedema.getStatus()).isEqualTo(Observation.ObservationStatus.AMENDED);
  }

  @Test
  void aRejectWithoutReasonShowsTheServersOutcomeAndTheViewerTurnsTo3d(@TempDir Path tmp) throws Exception {
    String practitionerId = client.create().resource(new Practitioner().addName(
        new org.hl7.fhir.r4.model.HumanName().setFamily("Bernard").addGiven("Louis"))).execute().getId().getIdPart();
    String username = "app-doctor-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(username, TestTokens.USER_PASSWORD, List.of("doctor"), "Practitioner/" + practitionerId);
    String reportId = reportOfNiftiUpload(patient("Roux", "Emma"));
    try (ChromiumBrowser browser = new ChromiumBrowser(port, "en")) {
      browser.signIn(app(), username, TestTokens.USER_PASSWORD);
      browser.driver.get(app() + "#/report/" + reportId);
      browser.waitFor(Duration.ofSeconds(90), d -> "true".equals(
          d.findElement(By.cssSelector("section[aria-labelledby=h-viewer]")).getDomAttribute("data-loaded")) ? true : null);
      browser.driver.findElement(By.cssSelector("input[name=view][value=render]")).click();
      Thread.sleep(1500);
      assertThat(coloured(browser.driver.findElement(By.id("gl")).getScreenshotAs(OutputType.BYTES)))
          .as("3-D rendering in colour").isGreaterThan(200);
      browser.screenshot("viewer-3d");

      browser.driver.findElement(By.cssSelector("input[name=decision][value=reject]")).click();
      browser.driver.findElement(By.id("review-send")).click();
      // the server's refusal, as its OperationOutcome says it
      String refused = browser.waitFor(Duration.ofSeconds(30), d -> {
        WebElement out = d.findElement(By.id("review-result"));
        return out.getAttribute("class").contains("error") ? out.getText() : null;
      });
      assertThat(refused).startsWith("422").containsIgnoringCase("comment");
      assertThat(client.read().resource(DiagnosticReport.class).withId(reportId).execute().getStatus())
          .isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);

      browser.driver.findElement(By.id("review-comment")).sendKeys("motion artefacts, segmentation unusable");
      browser.driver.findElement(By.id("review-send")).click();
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElement(By.id("review-result")).getText().contains("cancelled") ? true : null);
    }
    assertThat(client.read().resource(DiagnosticReport.class).withId(reportId).execute().getStatus())
        .isEqualTo(DiagnosticReport.DiagnosticReportStatus.CANCELLED);
  }

  @Test
  void secretaryUploadsFourNiftiFilesAndTheReportAppears(@TempDir Path tmp) throws Exception {
    String username = "app-secretary-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(username, TestTokens.USER_PASSWORD, List.of("secretary"), null);
    String patientId = patient("Lefebvre", "Paul");
    Map<Sequence, Path> files = new EnumMap<>(Sequence.class);
    Phantom phantom = new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 40, 11));
    for (Sequence s : SEQUENCES) {
      files.put(s, Files.write(tmp.resolve(s.code().toLowerCase() + ".nii.gz"), nifti(phantom, s)));
    }
    try (ChromiumBrowser browser = new ChromiumBrowser(port, "fr")) {
      browser.signIn(app(), username, TestTokens.USER_PASSWORD);
      // a secretary is offered the upload only
      assertThat(browser.driver.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText))
          .containsExactly("Envoyer un examen", "Agenda");
      browser.driver.get(app() + "#/upload/" + patientId);
      for (Sequence s : SEQUENCES) {
        browser.waitForElement(By.id("file-" + s.code().toLowerCase())).sendKeys(files.get(s).toAbsolutePath().toString());
      }
      browser.driver.findElement(By.id("upload-send")).click();
      browser.waitFor(Duration.ofMinutes(3), d -> {
        String text = d.findElement(By.id("upload-status")).getText();
        assertThat(text).doesNotContain("échoué");
        return text.contains("Le compte rendu est prêt") ? true : null;
      });
      browser.screenshot("upload");
    }
    Bundle reports = client.search().forResource(DiagnosticReport.class)
        .where(DiagnosticReport.SUBJECT.hasId("Patient/" + patientId)).returnBundle(Bundle.class).execute();
    assertThat(reports.getEntry()).hasSize(1);
    assertThat(((DiagnosticReport) reports.getEntryFirstRep().getResource()).getStatus())
        .isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
  }

  @Test
  void aPatientSeesOnlyTheirOwnFile() throws Exception {
    String own = patient("Girard", "Luc");
    String other = patient("Moreau", "Anne");
    String username = "app-patient-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(username, TestTokens.USER_PASSWORD, List.of("patient"), "Patient/" + own);
    try (ChromiumBrowser browser = new ChromiumBrowser(port, "en")) {
      browser.signIn(app(), username, TestTokens.USER_PASSWORD);
      assertThat(browser.waitForElement(By.id("patient-name")).getText()).isEqualTo("Luc GIRARD");
      assertThat(browser.driver.findElement(By.id("nav")).getText()).isEqualTo("My file");

      browser.driver.get(app() + "#/patient/" + other);
      WebElement error = browser.waitForElement(By.id("error"));
      assertThat(error.getText()).isNotBlank();
      assertThat(browser.driver.findElement(By.tagName("main")).getText()).doesNotContain("MOREAU");
      browser.driver.get(app() + "#/worklist");
      assertThat(browser.waitForElement(By.id("error")).getText()).contains("does not allow");
    }
  }

  @Test
  void secretaryBooksAFreeSlotTheDoctorConfirmsItAndDeclinesAnotherThePatientCancels() throws Exception {
    ZoneId paris = ZoneId.of("Europe/Paris");
    String practitioner = "Practitioner/" + client.create().resource(new Practitioner().addName(
        new org.hl7.fhir.r4.model.HumanName().setFamily("Lambert").addGiven("Hélène"))).execute().getId().getIdPart();
    String doctor = "app-doctor-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(doctor, TestTokens.USER_PASSWORD, List.of("doctor"), practitioner);
    // mornings in person or remote, afternoons remote only
    Schedule agenda = AvailabilitySchedules.rule(AvailabilitySchedules.schedule(practitioner, "Europe/Paris"),
        AvailabilitySchedules.WEEKDAYS, "09:00:00", "12:00:00", 30, 1);
    AvailabilitySchedules.rule(agenda, AvailabilitySchedules.WEEKDAYS, "14:00:00", "16:00:00", 30, 1, "remote");
    agenda.setComment("Neuro-oncology");
    String scheduleId = client.create().resource(agenda).execute().getId().getIdPart();
    String booker = patient("Fontaine", "Juliette");
    String other = patient("Mercier", "Hugo");
    String mrn = client.read().resource(Patient.class).withId(booker).execute().getIdentifier().stream()
        .filter(i -> "https://neurofhir.org/fhir/sid/mrn".equals(i.getSystem())).findFirst().orElseThrow().getValue();
    // two weeks ahead: every slot is bookable and cancellable whatever day and hour the test runs
    LocalDate thisMonday = LocalDate.now(paris).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate monday = thisMonday.plusWeeks(2);
    IGenericClient secretaryApi = clientWithToken(tokenFor("secretary"));
    String toDecline = book(secretaryApi, scheduleId, monday.plusDays(1).atTime(10, 0).atZone(paris), other);

    String secretary = "app-secretary-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(secretary, TestTokens.USER_PASSWORD, List.of("secretary"), null);
    String bookedId;
    try (ChromiumBrowser browser = new ChromiumBrowser(port, "fr")) {
      browser.signIn(app(), secretary, TestTokens.USER_PASSWORD);
      browser.driver.findElement(By.linkText("Agenda")).click();
      new org.openqa.selenium.support.ui.Select(browser.waitForElement(By.id("agenda-schedule"))).selectByValue(scheduleId);
      week(browser, thisMonday);
      browser.driver.findElement(By.id("agenda-next")).click();
      week(browser, thisMonday.plusWeeks(1));
      browser.driver.findElement(By.id("agenda-next")).click();
      week(browser, monday);
      assertThat(browser.driver.findElements(By.cssSelector("button.appt[data-appointment='" + toDecline + "']"))).hasSize(1);

      // someone takes the slot while the secretary fills in the form: the server's 409, and the slot is gone
      choosePatient(browser, slot(browser, monday.atTime(9, 30).atZone(paris)), mrn);
      book(secretaryApi, scheduleId, monday.atTime(9, 30).atZone(paris), other);
      browser.driver.findElement(By.id("book-send")).click();
      String taken = browser.waitFor(Duration.ofSeconds(30), d -> {
        WebElement out = d.findElement(By.id("agenda-result"));
        return out.getAttribute("class").contains("error") ? out.getText() : null;
      });
      assertThat(taken).startsWith("409");
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector(slotSelector(monday.atTime(9, 30).atZone(paris)))).isEmpty());

      choosePatient(browser, slot(browser, monday.atTime(9, 0).atZone(paris)), mrn);
      browser.driver.findElement(By.cssSelector("input[name=book-mode][value=remote]")).click();
      browser.driver.findElement(By.id("book-note")).sendKeys("contrôle après l'IRM");
      browser.driver.findElement(By.id("book-send")).click();
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElement(By.id("agenda-result")).getText().contains("en attente") ? true : null);
      Bundle mine = client.search().forResource(Appointment.class).where(Appointment.PATIENT.hasId("Patient/" + booker))
          .returnBundle(Bundle.class).execute();
      assertThat(mine.getEntry()).hasSize(1);
      Appointment booked = (Appointment) mine.getEntryFirstRep().getResource();
      bookedId = booked.getIdElement().getIdPart();
      assertThat(booked.getStatus()).isEqualTo(Appointment.AppointmentStatus.PENDING);
      assertThat(booked.getStart().toInstant()).isEqualTo(monday.atTime(9, 0).atZone(paris).toInstant());
      assertThat(booked.getComment()).isEqualTo("contrôle après l'IRM");
      assertThat(((org.hl7.fhir.r4.model.Coding) booked.getExtensionByUrl(NeuroFhirCanonical.EXT_CONSULTATION_MODE)
          .getValue()).getCode()).isEqualTo("remote");
      WebElement shown = browser.waitForElement(By.cssSelector("button.appt[data-appointment='" + bookedId + "']"));
      assertThat(shown.getText()).contains("Juliette FONTAINE").contains("en attente").contains("à distance");
      // a secretary cancels but does not confirm or decline for the doctor
      assertThat(browser.driver.findElements(By.id("appt-cancel"))).hasSize(1);
      assertThat(browser.driver.findElements(By.id("appt-confirm"))).isEmpty();
      assertThat(browser.driver.findElements(By.id("appt-decline"))).isEmpty();
    }

    try (ChromiumBrowser browser = new ChromiumBrowser(port, "en")) {
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1100));
      browser.signIn(app(), doctor, TestTokens.USER_PASSWORD);
      browser.driver.get(app() + "#/agenda");
      // the doctor's own agenda without choosing it
      week(browser, thisMonday);
      assertThat(new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("agenda-schedule")))
          .getFirstSelectedOption().getDomAttribute("value")).isEqualTo(scheduleId);
      browser.driver.findElement(By.id("agenda-next")).click();
      week(browser, thisMonday.plusWeeks(1));
      browser.driver.executeScript("performance.clearResourceTimings()");
      browser.driver.findElement(By.id("agenda-next")).click();
      week(browser, monday);
      // one $find and one Appointment search (patients included) for the whole week
      @SuppressWarnings("unchecked")
      List<String> calls = (List<String>) browser.driver.executeScript("return performance.getEntriesByType('resource')"
          + ".map(r => r.name).filter(n => n.includes('/fhir/'))");
      assertThat(calls).hasSize(2);
      assertThat(calls).anyMatch(c -> c.contains("/fhir/Appointment/$find?schedule=Schedule/" + scheduleId));
      assertThat(calls).anyMatch(c -> c.contains("/fhir/Appointment?actor=" + practitioner) && c.contains("_include=Appointment:patient"));

      browser.driver.findElement(By.cssSelector("button.appt[data-appointment='" + bookedId + "']")).click();
      browser.waitForElement(By.id("appt-confirm")).click();
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElement(By.id("agenda-result")).getText().contains("booked") ? true : null);
      assertThat(browser.waitForElement(By.cssSelector("button.appt.booked[data-appointment='" + bookedId + "']")).getText())
          .contains("booked").contains("remote");
      assertThat(browser.driver.findElements(By.cssSelector("button.slot"))).hasSizeGreaterThan(20);
      browser.screenshot("agenda", DOCS.resolve("app-agenda.png"));
      Appointment confirmed = client.read().resource(Appointment.class).withId(bookedId).execute();
      assertThat(confirmed.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);
      assertThat(confirmed.getParticipant()).allMatch(p -> p.getStatus() == Appointment.ParticipationStatus.ACCEPTED);

      browser.driver.findElement(By.cssSelector("button.appt[data-appointment='" + toDecline + "']")).click();
      browser.waitForElement(By.id("appt-decline")).click();
      assertThat(browser.waitForElement(By.id("agenda-result")).getText()).isEqualTo("A reason is needed.");
      assertThat(client.read().resource(Appointment.class).withId(toDecline).execute().getStatus())
          .isEqualTo(Appointment.AppointmentStatus.PENDING);
      browser.driver.findElement(By.id("appt-reason")).sendKeys("away at a congress");
      browser.driver.findElement(By.id("appt-decline")).click();
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElement(By.id("agenda-result")).getText().contains("cancelled") ? true : null);
      assertThat(browser.driver.findElement(By.id("appt-cancel-reason")).getText()).contains("away at a congress");
      // cancelled ones are hidden until asked for
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector("button.appt[data-appointment='" + toDecline + "']")).isEmpty());
      browser.driver.findElement(By.id("agenda-show-cancelled")).click();
      assertThat(browser.waitForElement(By.cssSelector("button.appt.cancelled[data-appointment='" + toDecline + "']")).getText())
          .contains("cancelled");
    }
    Appointment declined = client.read().resource(Appointment.class).withId(toDecline).execute();
    assertThat(declined.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
    assertThat(declined.getCancelationReason().getText()).contains("declined by " + practitioner).contains("away at a congress");

    // the patient cancels their own appointment in their file
    String patientUser = "app-patient-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(patientUser, TestTokens.USER_PASSWORD, List.of("patient"), "Patient/" + booker);
    try (ChromiumBrowser browser = new ChromiumBrowser(port, "en")) {
      browser.signIn(app(), patientUser, TestTokens.USER_PASSWORD);
      WebElement row = browser.waitForElement(By.cssSelector("#section-appointments tr[data-appointment='" + bookedId + "']"));
      assertThat(row.getText()).contains("booked").contains("remote");
      row.findElement(By.id("cancel-reason-" + bookedId)).sendKeys("I cannot come");
      row.findElement(By.cssSelector("button[type=submit]")).click();
      browser.waitFor(Duration.ofSeconds(30), d -> d.findElement(By.cssSelector("tr[data-appointment='" + bookedId + "'] .appt-status"))
          .getText().equals("cancelled") ? true : null);
    }
    Appointment cancelled = client.read().resource(Appointment.class).withId(bookedId).execute();
    assertThat(cancelled.getStatus()).isEqualTo(Appointment.AppointmentStatus.CANCELLED);
    assertThat(cancelled.getCancelationReason().getText()).contains("the patient").contains("I cannot come");
  }

  /** Waits until the agenda shows the week of that Monday. */
  private static void week(ChromiumBrowser browser, LocalDate monday) {
    browser.waitForElement(By.cssSelector("#agenda-week table.agenda[data-week='" + monday + "']"));
  }

  private static String slotSelector(ZonedDateTime start) {
    return "button.slot[data-start='" + start.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "']";
  }

  private static WebElement slot(ChromiumBrowser browser, ZonedDateTime start) {
    return browser.waitForElement(By.cssSelector(slotSelector(start)));
  }

  /** Opens the booking form of a free slot and chooses the patient found by record number. */
  private static void choosePatient(ChromiumBrowser browser, WebElement slot, String mrn) {
    slot.click();
    WebElement query = browser.waitForElement(By.id("book-patient-query"));
    query.sendKeys(mrn, Keys.ENTER);
    browser.waitFor(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector("#book-patient-results tr")).size() == 2 ? true : null);
    browser.driver.findElement(By.cssSelector("#book-patient-results button.choose-patient")).click();
    assertThat(browser.driver.findElement(By.id("book-chosen")).getText()).contains("FONTAINE");
  }

  /** Appointment/$book over HTTP, in person, as the given client; the new appointment's id. */
  private static String book(IGenericClient as, String scheduleId, ZonedDateTime start, String patientId) {
    org.hl7.fhir.r4.model.Parameters p = new org.hl7.fhir.r4.model.Parameters();
    p.addParameter().setName("schedule").setValue(new Reference("Schedule/" + scheduleId));
    p.addParameter().setName("start").setValue(new org.hl7.fhir.r4.model.InstantType(java.util.Date.from(start.toInstant())));
    p.addParameter().setName("patient").setValue(new Reference("Patient/" + patientId));
    p.addParameter().setName("mode").setValue(new org.hl7.fhir.r4.model.CodeType("in-person"));
    return as.operation().onType(Appointment.class).named("$book").withParameters(p).returnResourceType(Appointment.class)
        .execute().getIdElement().getIdPart();
  }

  @Test
  void libraryFilesAreCachedForAYearAndPagesRevalidateCompressed() throws Exception {
    HttpResponse<byte[]> lib = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/app/vendor/niivue-0.69.0/niivue.umd.js"))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(lib.statusCode()).isEqualTo(200);
    assertThat(lib.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(lib.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000").contains("immutable");
    assertThat(lib.body().length).isLessThan(1_000_000); // 2.2 MB uncompressed

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/app/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("js/main.js");
    assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
    String etag = page.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/app/"))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
  }

  @Test
  void codesGoOnlyToTheAppOnItsOwnOrigins() throws Exception {
    for (String redirect : List.of("https://evil.example/app/", security.issuer() + "/app/evil", security.issuer() + "/app")) {
      HttpResponse<String> r = HttpClientNoRedirects.get(baseUrl() + "/oauth2/authorize?response_type=code&client_id=neurofhir-web"
          + "&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&redirect_uri="
          + java.net.URLEncoder.encode(redirect, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(redirect).isEqualTo(400);
      assertThat(r.headers().firstValue("Location")).as(redirect).isEmpty();
    }
  }

  /** Pixels that are neither black nor grey: the coloured label map drawn over the MR. */
  private static int coloured(byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) n++;
      }
    }
    return n;
  }

  private String patient(String family, String given) {
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven(given);
    p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1961-04-12"));
    p.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
    return client.create().resource(p).execute().getId().getIdPart();
  }

  private static byte[] nifti(Phantom phantom, Sequence s) {
    return new NiftiWriter().toBytes(new ScalarVolume(phantom.volume().grid(), phantom.volume().channel(s)),
        NiftiDatatype.FLOAT32, true);
  }

  /** A phantom study sent with DCMTK's storescu to the gateway; waits for the report the pipeline makes of it. */
  private String reportOfDicomStudy(Path dir, String patientName) throws Exception {
    Phantom phantom = new PhantomGenerator().generate(PhantomSpec.fieldOfView(96, 48, 7));
    WrittenStudy study = PipelineTestSupport.writeStudy(writer, dir, new SyntheticPatient(unique("APP"), patientName,
        "19610412", "F", "MR", "B"), phantom);
    PipelineTestSupport.storescu(scp.port(), dir);
    String[] report = new String[1];
    Poll.until(Duration.ofMinutes(4), "the report of the study sent", () -> {
      Bundle studies = client.search().forResource(org.hl7.fhir.r4.model.ImagingStudy.class)
          .where(org.hl7.fhir.r4.model.ImagingStudy.IDENTIFIER.exactly()
              .systemAndCode(NeuroFhirCanonical.IDENTIFIER_DICOM_UID, "urn:oid:" + study.studyInstanceUid()))
          .returnBundle(Bundle.class).execute();
      if (studies.getEntry().isEmpty()) return false;
      Bundle tasks = client.search().forResource(Task.class)
          .where(Task.FOCUS.hasId("ImagingStudy/" + studies.getEntryFirstRep().getResource().getIdElement().getIdPart()))
          .returnBundle(Bundle.class).execute();
      for (var e : tasks.getEntry()) {
        Task t = (Task) e.getResource();
        assertThat(t.getStatus()).as(t.getStatusReason().getText()).isNotEqualTo(Task.TaskStatus.FAILED);
        t.getOutput().stream().map(o -> ((Reference) o.getValue()).getReference())
            .filter(r -> r.startsWith("DiagnosticReport/")).findFirst()
            .ifPresent(r -> report[0] = r.substring("DiagnosticReport/".length()));
      }
      return report[0] != null;
    });
    return report[0];
  }

  /** Four NIfTI Binaries and Patient/$segment, as the upload screen sends them; waits for the pipeline's report. */
  private String reportOfNiftiUpload(String patientId) throws Exception {
    Phantom phantom = new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 40, 5));
    org.hl7.fhir.r4.model.Parameters params = new org.hl7.fhir.r4.model.Parameters();
    for (Sequence s : SEQUENCES) {
      String id = client.create().resource(new org.hl7.fhir.r4.model.Binary().setContentType("application/gzip")
          .setData(nifti(phantom, s))).execute().getId().getIdPart();
      params.addParameter().setName(s.code().toLowerCase()).setValue(new Reference("Binary/" + id));
    }
    HttpResponse<String> started = http.send(authorized(HttpRequest.newBuilder(
            URI.create(fhirBase() + "/Patient/" + patientId + "/$segment")))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(params))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String location = started.headers().firstValue("Content-Location").orElseThrow();
    String taskId = location.substring(location.lastIndexOf('/') + 1);
    Task[] task = new Task[1];
    Poll.until(Duration.ofMinutes(3), "Task/" + taskId + " ended", () -> {
      task[0] = client.read().resource(Task.class).withId(taskId).execute();
      return task[0].getStatus() == Task.TaskStatus.COMPLETED || task[0].getStatus() == Task.TaskStatus.FAILED;
    });
    assertThat(task[0].getStatus()).as(task[0].getStatusReason().getText()).isEqualTo(Task.TaskStatus.COMPLETED);
    return task[0].getOutput().stream().map(o -> ((Reference) o.getValue()).getReference())
        .filter(r -> r.startsWith("DiagnosticReport/")).findFirst().orElseThrow().substring("DiagnosticReport/".length());
  }

  /** java.net.http that does not follow redirects, to see where authorize would send the browser. */
  private static final class HttpClientNoRedirects {
    static HttpResponse<String> get(String url) throws Exception {
      return java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build()
          .send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
