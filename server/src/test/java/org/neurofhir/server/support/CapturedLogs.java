package org.neurofhir.server.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps what the server logs at INFO and above, from the first line of the JVM on: declared in
 * {@code logback-test.xml}, so it is in place before the shared Spring context starts (Spring Boot re-reads that file
 * when it initialises logging; the events live in a static list, so they survive the new appender instance).
 */
public class CapturedLogs extends AppenderBase<ILoggingEvent> {

  /** One logged line: enough to tell level, origin, text and whether a stack trace was attached. */
  public record Line(long sequence, Level level, String logger, String thread, String message, String throwable) {
    public boolean hasStackTrace() {
      return throwable != null;
    }

    @Override
    public String toString() {
      return level + " " + logger + " [" + thread + "] " + message + (throwable == null ? "" : " +stack " + throwable);
    }
  }

  // The whole suite runs through one JVM: past LIMIT lines the oldest go, except the first KEPT (the first start).
  private static final int LIMIT = 200_000;
  private static final int KEPT = 20_000;
  private static final List<Line> LINES = new ArrayList<>();
  private static long sequence;

  @Override
  protected void append(ILoggingEvent event) {
    if (!event.getLevel().isGreaterOrEqual(Level.INFO)) {
      return;
    }
    String throwable = event.getThrowableProxy() == null
        ? null
        : event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage();
    synchronized (LINES) {
      if (LINES.size() >= LIMIT) {
        LINES.subList(KEPT, LIMIT / 2).clear();
      }
      LINES.add(new Line(++sequence, event.getLevel(), event.getLoggerName(), event.getThreadName(),
          event.getFormattedMessage(), throwable));
    }
  }

  /** The sequence number of the last line logged so far; pass it to {@link #since} later. */
  public static long mark() {
    synchronized (LINES) {
      return sequence;
    }
  }

  /** Lines logged after the given mark. */
  public static List<Line> since(long mark) {
    synchronized (LINES) {
      return LINES.stream().filter(l -> l.sequence() > mark).toList();
    }
  }

  /** Everything kept, oldest first. */
  public static List<Line> all() {
    return since(0);
  }

  /** Whether the appender was installed (a logback configuration without it captures nothing). */
  public static boolean installed() {
    synchronized (LINES) {
      return sequence > 0;
    }
  }
}
