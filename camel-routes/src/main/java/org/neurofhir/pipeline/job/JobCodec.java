package org.neurofhir.pipeline.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Job JSON, the payload of a queue row or a RabbitMQ message. */
public final class JobCodec {

  private static final ObjectMapper JSON =
      new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private JobCodec() {}

  public static String toJson(SegmentationJob job) {
    try {
      return JSON.writeValueAsString(job);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("job cannot be written as JSON", e);
    }
  }

  public static SegmentationJob fromJson(String json) {
    try {
      return JSON.readValue(json, SegmentationJob.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a segmentation job: " + e.getOriginalMessage(), e);
    }
  }
}
