package org.neurofhir.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.security.SecurityProperties;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The web app opened by an EHR (SMART EHR launch) in a real headless Chromium: the EHR makes a launch for a patient,
 * the browser opens the launch URL, the user signs in on the login page and lands in that patient's file. An
 * {@code iss} naming another server is refused before anything is sent anywhere.
 */
class EhrLaunchBrowserTest extends ServerTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired SecurityProperties security;

  @BeforeAll
  static void requireChromium() {
    Assumptions.assumeTrue(ChromiumBrowser.installed(), "chromium and chromium-driver are not installed");
  }

  @Test
  void anEhrOpensTheAppInThePatientsFile() throws Exception {
    Patient p = new Patient();
    p.addName().setFamily("Lambert").addGiven("Claire");
    String patient = client.create().resource(p).execute().getId().getIdPart();
    String launchUrl = launchUrl(patient);
    String doctor = unique("ehr-doctor-");
    tokens().createUser(doctor, TestTokens.USER_PASSWORD, List.of("doctor"), null);

    try (ChromiumBrowser browser = new ChromiumBrowser(port, "en")) {
      browser.signIn(launchUrl, doctor, TestTokens.USER_PASSWORD);
      assertThat(browser.waitForElement(By.id("patient-name")).getText()).isEqualTo("Claire LAMBERT");
      assertThat(browser.driver.getCurrentUrl()).endsWith("#/patient/" + patient);
    }
    // the launch is spent: the same URL in a fresh browser is sent back by the authorization server, no login page
    try (ChromiumBrowser again = new ChromiumBrowser(port, "en")) {
      again.driver.get(launchUrl);
      String error = again.waitFor(java.time.Duration.ofSeconds(60), d -> {
        try {
          return d.findElements(By.id("error")).stream().filter(e -> e.isDisplayed() && !e.getText().isBlank())
              .map(e -> e.getText()).findFirst().orElse(null);
        } catch (org.openqa.selenium.StaleElementReferenceException navigating) {
          return null;
        }
      });
      assertThat(error).contains("launch");
      assertThat(again.driver.findElements(By.name("password"))).isEmpty();
    }
  }

  @Test
  void anIssOfAnotherServerIsRefused() throws Exception {
    try (ChromiumBrowser browser = new ChromiumBrowser(port, "en")) {
      browser.driver.get(security.issuer().replaceAll("/+$", "") + "/app/?iss="
          + URLEncoder.encode("https://evil.example/fhir", StandardCharsets.UTF_8) + "&launch=abc");
      assertThat(browser.waitForElement(By.id("error")).getText()).contains("https://evil.example/fhir");
      assertThat(browser.driver.getCurrentUrl()).startsWith(security.issuer());
    }
  }

  private String launchUrl(String patient) throws Exception {
    HttpResponse<String> r = http.send(withToken(HttpRequest.newBuilder(
            URI.create(fhirBase() + "/Patient/" + patient + "/$smart-launch")), tokenFor("secretary"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode param : JSON.readTree(r.body()).path("parameter")) {
      if ("url".equals(param.path("name").asText())) {
        return param.path("valueUri").asText();
      }
    }
    throw new AssertionError("no url in " + r.body());
  }
}
