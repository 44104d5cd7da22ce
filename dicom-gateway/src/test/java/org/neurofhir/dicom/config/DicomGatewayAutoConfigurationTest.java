package org.neurofhir.dicom.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.mapping.StudyResourcesLookup;
import org.neurofhir.dicom.scp.DicomGatewayScp;
import org.neurofhir.dicom.series.SeriesCompleteEvent;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.profiles.MrSequenceType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The module as the server uses it: on the classpath, with a DataSource and Liquibase. */
class DicomGatewayAutoConfigurationTest {
  @TempDir Path tmp;

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class,
          DicomGatewayAutoConfiguration.class))
      .withPropertyValues("spring.liquibase.change-log=classpath:db/changelog/dicom-gateway.yaml");

  @Configuration
  static class Listener {
    final BlockingQueue<SeriesCompleteEvent> events = new LinkedBlockingQueue<>();

    @EventListener
    void on(SeriesCompleteEvent e) {
      events.add(e);
    }
  }

  @Test
  void disabledStartsNothing() {
    runner.withPropertyValues("neurofhir.dicom.enabled=false", "neurofhir.dicom.port=0")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx).doesNotHaveBean(DicomGatewayScp.class);
          assertThat(ctx).doesNotHaveBean(StudyResourcesLookup.class);
        });
  }

  @Test
  void enabledGatewayReceivesStudyAndPublishesSpringEvents() {
    runner.withUserConfiguration(Listener.class)
        .withPropertyValues("neurofhir.dicom.port=0", "neurofhir.dicom.storage-root=" + tmp.resolve("store"),
            "neurofhir.dicom.series-quiet-period=200ms", "neurofhir.dicom.ae-title=GATEWAY",
            "neurofhir.dicom.sequence-rules.STORESCU[0].type=FLAIR",
            "neurofhir.dicom.sequence-rules.STORESCU[0].pattern=^T2 TSE$")
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          int port = ctx.getBean(DicomGatewayScp.class).port();
          assertThat(port).isPositive();
          assertThat(Dcmtk.echoscu("GATEWAY", "ECHOSCU", port).exitCode()).isZero();

          WrittenStudy study = Phantoms.writeStudy(tmp.resolve("out"), 16, 2);
          List<Path> t2 = study.series().get(2).files(); // "T2 TSE", which this site's rule calls FLAIR
          assertThat(Dcmtk.storescu("GATEWAY", "STORESCU", port, t2).exitCode()).isZero();

          SeriesCompleteEvent e = ctx.getBean(Listener.class).events.poll(10, TimeUnit.SECONDS);
          assertThat(e).isNotNull();
          assertThat(e.sequenceType()).isEqualTo(MrSequenceType.FLAIR);
          assertThat(e.instanceCount()).isEqualTo(2);
          assertThat(ctx.getBean(StudyResourcesLookup.class).forStudy(study.studyInstanceUid())).isPresent();
        });
  }
}
