package org.neurofhir.server.fhir;

import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPI's JSON encoder writes every value through its shared Jackson {@code ObjectMapper}, whose default
 * {@link SerializationFeature#FLUSH_AFTER_WRITE_VALUE} flushes the target after each one. When the target is the
 * HTTP response, each flush reaches the socket: a page of 30 Patients (12 KB) left the server as 428 chunks, one
 * system call each (JFR: a fifth of the encoding time of {@code Encounter?patient=&_count=50}).
 * Switched off here, Jackson fills its buffer and HAPI's encoder still flushes once when it closes its writer, so
 * the bytes sent are the same.
 *
 * <p>The mapper is a private constant of HAPI's {@link JacksonStructure}, reached by reflection once at start-up.
 * Should a HAPI upgrade rename it, nothing breaks but speed: a warning is logged, and
 * {@code JsonEncoderFlushesOnceTest} fails.
 */
public final class JsonEncoderFlushesOnce {

  private static final Logger log = LoggerFactory.getLogger(JsonEncoderFlushesOnce.class);
  private static final String MAPPER_FIELD = "OBJECT_MAPPER";

  private JsonEncoderFlushesOnce() {}

  /** Returns whether HAPI's mapper now flushes only when asked to. */
  public static boolean apply() {
    try {
      Field field = JacksonStructure.class.getDeclaredField(MAPPER_FIELD);
      field.setAccessible(true);
      ObjectMapper mapper = (ObjectMapper) field.get(null);
      mapper.disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("HAPI's JSON encoder keeps flushing after every value ({}): responses go out in tiny chunks",
          e.toString());
      return false;
    }
  }
}
