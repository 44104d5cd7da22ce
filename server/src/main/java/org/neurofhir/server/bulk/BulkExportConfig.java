package org.neurofhir.server.bulk;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import org.neurofhir.server.careteam.CareTeamProperties;
import org.neurofhir.server.fhir.FhirRestfulServerConfig.RestfulServerCustomizer;
import org.neurofhir.server.security.RolePolicies;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR Bulk Data Access {@code $export} on HAPI's batch2 job (its {@code BulkDataExportProvider} is registered with
 * the other providers), with our authorization on top: who may export what, and whose the status URL and files are.
 */
@Configuration
@EnableConfigurationProperties(BulkExportProperties.class)
public class BulkExportConfig {

  @Bean
  RestfulServerCustomizer bulkExportAuthorization(
      BulkExportProperties props, JpaStorageSettings storage, RolePolicies policies, IJobCoordinator jobs,
      IJobMaintenanceService maintenance,       CareTeamProperties careTeam) {
    storage.setBulkExportFileRetentionPeriodHours(props.fileRetentionHours());
    storage.setBulkExportFileMaximumCapacity(props.maxResourcesPerFile());
    storage.setEnableBulkExportJobReuse(props.jobReuse());
    // without it each gated step of the job waits for batch2's once-a-minute maintenance pass: measured 4 steps,
    // ~4 min for a 2-resource export; fast tracking moves a step on as soon as the previous one has finished
    storage.setJobFastTrackingEnabled(true);
    return server -> {
      server.registerInterceptor(new ExportKickOffAuthorization(policies, careTeam.doctorsSeeAssignedPatientsOnly()));
      server.registerInterceptor(new ExportStatusOwnership(jobs, maintenance));
    };
  }
}
