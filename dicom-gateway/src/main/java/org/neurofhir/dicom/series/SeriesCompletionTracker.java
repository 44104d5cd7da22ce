package org.neurofhir.dicom.series;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.neurofhir.dicom.mapping.SequenceTypeClassifier;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Declares a series complete after a quiet period with no new instance. Association release is
 * no signal: senders split a series over associations or send many series in one.
 */
public class SeriesCompletionTracker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SeriesCompletionTracker.class);

  private record Pending(IndexedInstance latest, Instant lastSeen) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Duration quietPeriod;
  private final ApplicationEventPublisher publisher;
  private final InstanceIndex index;
  private final InstanceStore store;
  private final SequenceTypeClassifier classifier;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  public SeriesCompletionTracker(Duration quietPeriod, ApplicationEventPublisher publisher, InstanceIndex index,
      InstanceStore store, SequenceTypeClassifier classifier, Clock clock) {
    this.quietPeriod = quietPeriod;
    this.publisher = publisher;
    this.index = index;
    this.store = store;
    this.classifier = classifier;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dicom-series-completion");
      t.setDaemon(true);
      return t;
    });
    long tick = Math.max(20, quietPeriod.toMillis() / 4);
    timer.scheduleWithFixedDelay(this::publishQuietSeries, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Called for every stored instance; restarts the series' quiet period. */
  public void instanceStored(IndexedInstance instance) {
    pending.put(instance.seriesInstanceUid(), new Pending(instance, clock.instant()));
  }

  /** Series seen but not yet declared complete. */
  public int pendingSeries() {
    return pending.size();
  }

  void publishQuietSeries() {
    Instant now = clock.instant();
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      if (Duration.between(p.lastSeen(), now).compareTo(quietPeriod) < 0) continue;
      if (!pending.remove(e.getKey(), p)) continue; // an instance arrived meanwhile
      try {
        publisher.publishEvent(event(p.latest(), now));
      } catch (RuntimeException ex) {
        // A listener's failure must not stop completion tracking for other series.
        log.error("Series-complete listener failed for series {}", e.getKey(), ex);
      }
    }
  }

  private SeriesCompleteEvent event(IndexedInstance i, Instant now) {
    var h = i.header();
    return new SeriesCompleteEvent(h.studyInstanceUid(), h.seriesInstanceUid(), index.countBySeries(h.seriesInstanceUid()),
        h.modality(), classifier.classify(i.callingAeTitle(), h.modality(), h.seriesDescription(), h.protocolName()),
        h.seriesDescription(), h.patientId(), i.callingAeTitle(),
        store.seriesDirectory(h.studyInstanceUid(), h.seriesInstanceUid()), now);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
