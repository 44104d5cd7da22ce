package org.neurofhir.dicom.config;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Set;
import javax.sql.DataSource;
import org.neurofhir.dicom.airesult.AiResultsPublisher;
import org.neurofhir.dicom.mapping.ImagingStudyMapper;
import org.neurofhir.dicom.mapping.SequenceTypeClassifier;
import org.neurofhir.dicom.mapping.StudyResourcesLookup;
import org.neurofhir.dicom.scp.AcceptedSopClasses;
import org.neurofhir.dicom.scp.DicomGatewayScp;
import org.neurofhir.dicom.scp.InboundInstanceHandler;
import org.neurofhir.dicom.scu.StudySender;
import org.neurofhir.dicom.series.SeriesCompletionTracker;
import org.neurofhir.dicom.store.IndexReconciler;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.toolkit.DicomFileReader;
import org.neurofhir.dicom.toolkit.DicomScu;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.toolkit.PixelmedFileWriter;
import org.neurofhir.dicom.toolkit.PixelmedScu;
import org.neurofhir.dicom.toolkit.PixelmedStorageScp;
import org.neurofhir.dicom.toolkit.StorageScpSettings;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the DICOM gateway when {@code neurofhir.dicom.enabled} is not false and a DataSource
 * exists. The index table comes from {@code db/changelog/dicom-gateway.yaml}, which the
 * application's master changelog includes.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration"})
@ConditionalOnProperty(prefix = "neurofhir.dicom", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(DicomGatewayProperties.class)
public class DicomGatewayAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DicomFileReader dicomFileReader() {
    return new PixelmedFileReader();
  }

  @Bean
  @ConditionalOnMissingBean
  DicomScu dicomScu() {
    return new PixelmedScu();
  }

  @Bean
  InstanceIndex dicomInstanceIndex(DataSource dataSource) {
    return new InstanceIndex(new JdbcTemplate(dataSource));
  }

  @Bean
  InstanceStore dicomInstanceStore(DicomGatewayProperties p, InstanceIndex index) throws IOException {
    return new InstanceStore(p.storageRoot(), index, p.fsync(), Clock.systemUTC());
  }

  /** SEG + SR of each segmentation, as new series of its study in this store. */
  @Bean
  AiResultsPublisher aiResultsPublisher(DicomFileReader reader, InstanceStore store, DicomGatewayProperties p) {
    return new AiResultsPublisher(reader, new PixelmedFileWriter(), store, new UidGenerator(p.uidRoot()), Clock.systemDefaultZone());
  }

  @Bean
  SequenceTypeClassifier sequenceTypeClassifier(DicomGatewayProperties p) {
    return new SequenceTypeClassifier(p.sequenceRules());
  }

  @Bean(destroyMethod = "close")
  SeriesCompletionTracker seriesCompletionTracker(DicomGatewayProperties p, ApplicationEventPublisher publisher,
      InstanceIndex index, InstanceStore store, SequenceTypeClassifier classifier) {
    return new SeriesCompletionTracker(p.seriesQuietPeriod(), publisher, index, store, classifier, Clock.systemUTC());
  }

  @Bean
  DicomGatewayScp dicomGatewayScp(DicomGatewayProperties p, DicomFileReader reader, InstanceStore store,
      InstanceIndex index, SeriesCompletionTracker tracker) throws IOException {
    StorageScpSettings settings = new StorageScpSettings(p.aeTitle(), InetAddress.getByName(p.bindAddress()), p.port(),
        Set.copyOf(p.allowedCallingAeTitles()), p.maxAssociations(), p.maxPdu(), AcceptedSopClasses.ALL.keySet(),
        store.stagingDirectory());
    return new DicomGatewayScp(PixelmedStorageScp.FACTORY, settings, new InboundInstanceHandler(reader, store, tracker),
        new IndexReconciler(store, index, reader));
  }

  @Bean
  ImagingStudyMapper imagingStudyMapper(DicomGatewayProperties p, SequenceTypeClassifier classifier) {
    return new ImagingStudyMapper(classifier, p.patientIdentifierSystem(), p.endpointUrl(), ZoneId.systemDefault());
  }

  @Bean
  StudyResourcesLookup studyResourcesLookup(InstanceIndex index, ImagingStudyMapper mapper) {
    return new StudyResourcesLookup(index, mapper);
  }

  @Bean
  SeriesVolumeReader seriesVolumeReader(DicomFileReader reader) {
    return new SeriesVolumeReader(reader);
  }

  @Bean
  SyntheticStudyWriter syntheticStudyWriter(DicomGatewayProperties p) {
    return new SyntheticStudyWriter(new PixelmedFileWriter(), new UidGenerator(p.uidRoot()), Clock.systemDefaultZone(), p.aeTitle());
  }

  @Bean
  StudySender studySender(DicomScu scu) {
    return new StudySender(scu);
  }
}
