package org.neurofhir.server.pipeline;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.pipeline.config.PipelineProperties;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.job.JobQueue;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.neurofhir.server.review.report.ReportPublication;
import org.neurofhir.server.review.report.ReportPublishingFhirPort;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The server's side of the pipeline: the in-process FHIR port, the {@code $segment} operations and {@code $nifti}. */
@Configuration
@ConditionalOnProperty(prefix = "neurofhir.pipeline", name = "enabled", havingValue = "true", matchIfMissing = true)
public class PipelineServerConfig {

  @Bean
  FhirPort jpaFhirPort(DaoRegistry daos, IFhirSystemDao<Bundle, Meta> systemDao, MatchUrlService matchUrls,
      ObjectProvider<IBinaryStorageSvc> binaryStorage, PlatformTransactionManager transactions,
      ReportPublication reports) {
    // results transactions gain the report's PDF (review/report), written with the report
    return new ReportPublishingFhirPort(new JpaFhirPort(systemDao.getContext(), daos, systemDao, matchUrls,
        binaryStorage.getIfAvailable(), transactions), reports);
  }

  @Bean
  SegmentOperationProvider segmentOperationProvider(FhirPort fhir, SegmentationTasks tasks, JobQueue queue,
      ModelRegistry models, PipelineProperties props, ObjectProvider<InstanceStore> store) {
    return new SegmentOperationProvider(fhir, tasks, queue, () -> models.manifest(props.modelId()), store.getIfAvailable());
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer segmentOperations(SegmentOperationProvider provider) {
    return server -> server.registerProvider(provider);
  }

  /** The stored series as NIfTI for the web app's viewer; only where this server runs the DICOM gateway. */
  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer seriesNiftiOperation(FhirPort fhir, ObjectProvider<InstanceStore> store,
      ObjectProvider<SeriesVolumeReader> reader) {
    SeriesNiftiOperationProvider provider = new SeriesNiftiOperationProvider(fhir, store.getIfAvailable(),
        reader.getIfAvailable(() -> new SeriesVolumeReader(new PixelmedFileReader())));
    return server -> server.registerProvider(provider);
  }
}
