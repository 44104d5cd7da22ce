package org.neurofhir.pipeline.job;

/** A job a worker holds a lease on; {@code attempt} counts from 1 and includes attempts that died with a worker. */
public record ClaimedJob(String queueId, SegmentationJob job, int attempt) {}
