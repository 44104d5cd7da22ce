package org.neurofhir.server.bulk;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import java.util.Objects;
import java.util.Optional;
import org.neurofhir.server.security.BinaryOwner;
import org.neurofhir.server.security.RolePolicies;

/**
 * The status URL of an export ({@code $export-poll-status?_jobId=}, GET to poll, DELETE to cancel) answers only the
 * caller who kicked it off; anybody else gets 404, as for a job that does not exist, so job ids tell nothing. A
 * cancelled export is gone for its owner too (404), as the Bulk Data spec asks, where HAPI would keep answering
 * 202 "in progress".
 */
public class ExportStatusOwnership {

  private final IJobCoordinator jobs;
  private final IJobMaintenanceService maintenance;

  public ExportStatusOwnership(IJobCoordinator jobs, IJobMaintenanceService maintenance) {
    this.jobs = jobs;
    this.maintenance = maintenance;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void incoming(RequestDetails request) {
    if (!ProviderConstants.OPERATION_EXPORT_POLL_STATUS.equals(request.getOperation())) {
      return;
    }
    String[] ids = request.getParameters().get(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID);
    if (ids == null || ids.length != 1 || ids[0].isBlank()) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID + ": exactly one job id");
    }
    Optional<BinaryOwner> caller = RolePolicies.callerOf(request).map(BinaryOwner::of);
    Optional<JobInstance> job = exportJob(ids[0]);
    Optional<String> owner = job.flatMap(ExportStatusOwnership::ownerOf);
    if (owner.isEmpty() || caller.isEmpty() || !Objects.equals(owner.get(), caller.get().key())) {
      throw new ResourceNotFoundException("no bulk export job " + ids[0] + " of this caller");
    }
    if (job.get().isCancelled() || job.get().getStatus() == StatusEnum.CANCELLED) {
      throw new ResourceNotFoundException("bulk export job " + ids[0] + " was cancelled");
    }
    if (job.get().getStatus() == StatusEnum.QUEUED) {
      // a new job starts at batch2's next maintenance pass (once a minute); its owner asking is reason to run it now
      maintenance.triggerMaintenancePass();
    }
  }

  private Optional<JobInstance> exportJob(String jobId) {
    try {
      return Optional.of(jobs.getInstance(jobId)).filter(j -> "BULK_EXPORT".equals(j.getJobDefinitionId()));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> ownerOf(JobInstance job) {
    BulkExportJobParameters parameters = job.getParameters(BulkExportJobParameters.class);
    return BinaryOwner.SYSTEM.equals(parameters.getBinarySecurityContextIdentifierSystem())
        ? Optional.ofNullable(parameters.getBinarySecurityContextIdentifierValue())
        : Optional.empty();
  }
}
