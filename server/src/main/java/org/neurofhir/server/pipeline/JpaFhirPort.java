package org.neurofhir.server.pipeline;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.List;
import java.util.Optional;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.fhir.FhirPortException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pipeline's FHIR port inside the server: HAPI JPA DAOs with a system request (no HTTP, no token; the same
 * storage interceptors run as for REST writes).
 */
public class JpaFhirPort implements FhirPort {

  private static final int MAX_SEARCH_RESULTS = 200;

  private final FhirContext fhir;
  private final DaoRegistry daos;
  private final IFhirSystemDao<Bundle, Meta> systemDao;
  private final MatchUrlService matchUrls;
  private final IBinaryStorageSvc binaryStorage;
  private final TransactionTemplate readOnly;

  public JpaFhirPort(FhirContext fhir, DaoRegistry daos, IFhirSystemDao<Bundle, Meta> systemDao, MatchUrlService matchUrls,
      IBinaryStorageSvc binaryStorage, PlatformTransactionManager transactions) {
    this.fhir = fhir;
    this.daos = daos;
    this.systemDao = systemDao;
    this.matchUrls = matchUrls;
    this.binaryStorage = binaryStorage;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
  }

  @Override
  public Bundle transaction(Bundle transaction) {
    return call(() -> systemDao.transaction(new SystemRequestDetails(), transaction), "transaction");
  }

  @Override
  public <T extends Resource> Optional<T> read(Class<T> type, String id) {
    IFhirResourceDao<T> dao = daos.getResourceDao(type);
    T found;
    try {
      found = dao.read(new IdType(fhir.getResourceType(type), id), new SystemRequestDetails());
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return Optional.empty();
    }
    if (found instanceof Binary binary && binary.getData() == null && binaryStorage != null) {
      // Large Binary content lives in HAPI's binary storage; REST reads inline it, DAO reads do not.
      try {
        // the blob store reads within a transaction
        binary.setData(readOnly.execute(tx -> {
          try {
            return binaryStorage.fetchDataByteArrayFromBinary(binary);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }));
      } catch (java.io.UncheckedIOException e) {
        throw new FhirPortException("Binary/" + id + ": stored content unreadable: " + e.getMessage(), true, e);
      }
    }
    return Optional.of(found);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Resource> T update(T resource) {
    IFhirResourceDao<T> dao = (IFhirResourceDao<T>) daos.getResourceDao(resource.getClass());
    return call(() -> {
      var outcome = dao.update(resource, new SystemRequestDetails());
      return outcome.getResource() != null ? (T) outcome.getResource() : resource;
    }, "update " + resource.fhirType() + "/" + resource.getIdElement().getIdPart());
  }

  @Override
  public <T extends Resource> List<T> search(Class<T> type, String query) {
    IFhirResourceDao<T> dao = daos.getResourceDao(type);
    SearchParameterMap map = matchUrls.translateMatchUrl(query == null ? "" : query, fhir.getResourceDefinition(type));
    map.setLoadSynchronous(true);
    map.setLoadSynchronousUpTo(MAX_SEARCH_RESULTS);
    IBundleProvider found = call(() -> dao.search(map, new SystemRequestDetails()), "search " + type.getSimpleName());
    return found.getAllResources().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private interface Call<R> {
    R run();
  }

  private static <R> R call(Call<R> call, String what) {
    try {
      return call.run();
    } catch (ResourceVersionConflictException e) {
      throw new FhirPortException(what + ": concurrent write: " + e.getMessage(), true, e);
    } catch (BaseServerResponseException e) {
      throw new FhirPortException(what + ": " + e.getMessage(), e.getStatusCode() >= 500, e);
    } catch (DataAccessException e) {
      throw new FhirPortException(what + ": database: " + e.getMessage(), true, e);
    }
  }
}
