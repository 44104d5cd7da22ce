package org.neurofhir.server.conformance;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.neurofhir.profiles.enforcement.ProfileEnforcingInterceptor;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Stores the package's conformance resources at start-up, each as a conditional update on its canonical URL:
 * unchanged resources cost one lookup, a newer package version updates them in place.
 */
@Component
public class ConformancePackageInstaller {

  private static final Logger log = LoggerFactory.getLogger(ConformancePackageInstaller.class);

  private final NeuroFhirPackage pkg;
  private final DaoRegistry daoRegistry;
  private final ISearchParamRegistry searchParamRegistry;
  private final ProfileEnforcingInterceptor enforcer;
  private final ConformanceProperties props;
  private final TaskExecutor executor;

  public ConformancePackageInstaller(
      NeuroFhirPackage pkg,
      DaoRegistry daoRegistry,
      ISearchParamRegistry searchParamRegistry,
      ProfileEnforcingInterceptor enforcer,
      ConformanceProperties props,
      TaskExecutor applicationTaskExecutor) {
    this.pkg = pkg;
    this.daoRegistry = daoRegistry;
    this.searchParamRegistry = searchParamRegistry;
    this.enforcer = enforcer;
    this.props = props;
    this.executor = applicationTaskExecutor;
  }

  /** Before {@code FhirEndpointReadiness}: readiness waits for the package's resources and search parameters. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  public void onReady() {
    if (props.installPackage()) {
      install();
    }
    if (props.warmUpValidator()) {
      // One valid example per profile: the first validation against each profile loads its snapshot and
      // terminology, which the first DICOM study would otherwise pay for on its way to a Task.
      var valid = pkg.examples().entrySet().stream()
          .filter(e -> !e.getKey().contains("invalid"))
          .map(java.util.Map.Entry::getValue)
          .toList();
      executor.execute(() -> valid.forEach(enforcer::warmUp));
    }
  }

  /** Stores every conformance resource of the package; returns how many were created or changed. */
  public int install() {
    long start = System.nanoTime();
    AtomicInteger changed = new AtomicInteger();
    for (IBaseResource resource : pkg.resources()) {
      if (!(resource instanceof MetadataResource metadata) || !metadata.hasUrl()) {
        continue;
      }
      IFhirResourceDao<IBaseResource> dao = daoRegistry.getResourceDao(resource.fhirType());
      SystemRequestDetails request = new SystemRequestDetails();
      if (resource instanceof SearchParameter sp && noneStored(sp)) {
        // Nothing to index yet: without this HAPI queues a reindex job that, started a minute later, would
        // re-extract whatever the first clients have stored in the meantime (a fresh server under an import).
        request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, true);
      }
      DaoMethodOutcome outcome = dao.update(resource, resource.fhirType() + "?url=" + metadata.getUrl(), request);
      if (!outcome.isNop()) {
        changed.incrementAndGet();
      }
    }
    searchParamRegistry.forceRefresh();
    log.info("Conformance package {} {}: {} resources stored or updated in {} ms",
        pkg.manifest().name(), pkg.manifest().version(), changed.get(), (System.nanoTime() - start) / 1_000_000);
    return changed.get();
  }

  private boolean noneStored(SearchParameter sp) {
    for (var base : sp.getBase()) {
      SearchParameterMap one = SearchParameterMap.newSynchronous();
      one.setLoadSynchronousUpTo(1);
      if (!daoRegistry.getResourceDao(base.getCode()).search(one, new SystemRequestDetails()).isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
