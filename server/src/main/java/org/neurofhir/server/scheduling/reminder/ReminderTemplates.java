package org.neurofhir.server.scheduling.reminder;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reminder texts per language: {@code reminder_<language>.properties} shipped in the jar (en, fr), each key
 * overridable, and further languages addable, by a file of the same name in the clinic's template folder. A key a
 * language lacks comes from the default language. Read once, at start.
 */
public class ReminderTemplates {

  static final String CLASSPATH = "neurofhir/reminders/";
  private static final List<String> SHIPPED = List.of("en", "fr");
  private static final List<String> KEYS = List.of("subject", "email", "sms", "practitioner", "location",
      "mode.in-person", "mode.remote", "date-format", "time-format");
  private static final Pattern FILE = Pattern.compile("reminder_([a-z]{2,3})\\.properties");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

  /** What one reminder says: the e-mail's subject and body, and the SMS. */
  public record Text(String language, String subject, String email, String sms) {}

  /** What a reminder may tell, nothing clinical: when, with whom, where, how. */
  public record Facts(Instant start, ZoneId zone, Optional<String> practitioner, Optional<String> location,
      Optional<String> mode) {}

  private final Map<String, Properties> byLanguage = new LinkedHashMap<>();
  private final String defaultLanguage;

  public ReminderTemplates(String templateDir, String defaultLanguage) {
    for (String language : SHIPPED) {
      byLanguage.put(language, shipped(language));
    }
    if (!templateDir.isBlank()) {
      readFolder(Path.of(templateDir));
    }
    this.defaultLanguage = defaultLanguage.toLowerCase(Locale.ROOT);
    Properties fallback = byLanguage.get(this.defaultLanguage);
    if (fallback == null) {
      throw new IllegalStateException("neurofhir.scheduling.reminders.default-language " + defaultLanguage
          + " has no templates (shipped: " + SHIPPED + "; or add reminder_" + defaultLanguage + ".properties to the template dir)");
    }
    for (String key : KEYS) {
      if (fallback.getProperty(key) == null) {
        throw new IllegalStateException("reminder template of the default language " + defaultLanguage + " lacks " + key);
      }
    }
  }

  /** The language to write in: the first of the patient's (BCP 47, e.g. fr-CA) that has texts, else the default. */
  public String languageFor(List<String> patientLanguages) {
    for (String tag : patientLanguages) {
      String primary = Locale.forLanguageTag(tag).getLanguage();
      if (byLanguage.containsKey(primary)) {
        return primary;
      }
    }
    return defaultLanguage;
  }

  public Text render(String language, Facts facts) {
    Locale locale = Locale.forLanguageTag(language);
    ZonedDateTime at = facts.start().atZone(facts.zone());
    Map<String, String> values = new LinkedHashMap<>();
    values.put("date", DateTimeFormatter.ofPattern(text(language, "date-format"), locale).format(at));
    values.put("time", DateTimeFormatter.ofPattern(text(language, "time-format"), locale).format(at));
    values.put("zone", facts.zone().getId());
    values.put("practitioner", facts.practitioner().map(n -> fill(text(language, "practitioner"), Map.of("name", n))).orElse(""));
    values.put("location", facts.location().map(n -> fill(text(language, "location"), Map.of("name", n))).orElse(""));
    values.put("mode", facts.mode().map(m -> text(language, "mode." + m)).orElse(""));
    return new Text(language, fill(text(language, "subject"), values), fill(text(language, "email"), values),
        fill(text(language, "sms"), values));
  }

  private String text(String language, String key) {
    String own = byLanguage.getOrDefault(language, byLanguage.get(defaultLanguage)).getProperty(key);
    return own != null ? own : byLanguage.get(defaultLanguage).getProperty(key);
  }

  /** Replaces {name}s; one it does not know stays as written, so a clinic's typo shows in the text it tests. */
  private static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Properties shipped(String language) {
    String resource = CLASSPATH + "reminder_" + language + ".properties";
    try (InputStream in = ReminderTemplates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing from the jar");
      }
      return read(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readFolder(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("neurofhir.scheduling.reminders.template-dir " + dir.toAbsolutePath()
          + " is not a folder");
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "reminder_*.properties")) {
      for (Path file : files) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        if (m.matches()) {
          Properties own = new Properties();
          byLanguage.getOrDefault(m.group(1), new Properties()).forEach(own::put);
          try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read(r).forEach(own::put);
          }
          byLanguage.put(m.group(1), own);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading reminder templates in " + dir, e);
    }
  }

  private static Properties read(Reader reader) throws IOException {
    Properties p = new Properties();
    p.load(reader);
    return p;
  }
}
