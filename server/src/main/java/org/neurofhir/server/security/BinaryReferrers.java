package org.neurofhir.server.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriOrListParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.SearchParameter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

/**
 * Finds the resources whose attachments point at a Binary: {@code DocumentReference.content.attachment.url},
 * {@code DiagnosticReport.presentedForm.url}, {@code Media.content.url}. FHIR has no search parameter on these, so
 * the server stores one ({@value #CODE}, uri) at start; a database that already holds such resources gets them
 * indexed by HAPI's reindex job. A url names the Binary either relatively ({@code Binary/123}, as our pipeline
 * writes it) or absolutely on this server's base as the request used it; other forms are not found (so refused).
 */
public class BinaryReferrers {

  static final String CODE = "attachment-url";
  static final String URL = "https://neurofhir.org/fhir/SearchParameter/attachment-url";
  static final List<String> REFERRING_TYPES = List.of("DocumentReference", "DiagnosticReport", "Media");
  /** More referrers than this are not looked at: one the caller may read is found long before. */
  private static final int MOST_REFERRERS = 100;

  private final DaoRegistry daos;
  private final ISearchParamRegistry searchParams;

  public BinaryReferrers(DaoRegistry daos, ISearchParamRegistry searchParams) {
    this.daos = daos;
    this.searchParams = searchParams;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  public void install() {
    SearchParameter sp = new SearchParameter();
    sp.setUrl(URL);
    sp.setName("AttachmentUrl");
    sp.setStatus(Enumerations.PublicationStatus.ACTIVE);
    sp.setCode(CODE);
    REFERRING_TYPES.forEach(t -> sp.addBase(t));
    sp.setType(Enumerations.SearchParamType.URI);
    sp.setDescription("The url of an attachment (a Binary of this server, as Binary/<id>): who may read a Binary"
        + " follows the resources that point at it");
    sp.setExpression("DocumentReference.content.attachment.url | DiagnosticReport.presentedForm.url"
        + " | Media.content.url");
    SystemRequestDetails request = new SystemRequestDetails();
    if (REFERRING_TYPES.stream().allMatch(this::noneStored)) {
      request.getUserData().put(JpaConstants.SKIP_REINDEX_ON_UPDATE, true);
    }
    daos.getResourceDao(SearchParameter.class).update(sp, "SearchParameter?url=" + URL, request);
    searchParams.forceRefresh();
  }

  /** The resources that point at {@code Binary/<id>}, at most {@value #MOST_REFERRERS} of each type. */
  public List<IBaseResource> of(String binaryId, String serverBase) {
    Set<String> urls = new LinkedHashSet<>();
    urls.add("Binary/" + binaryId);
    if (serverBase != null) {
      urls.add((serverBase.endsWith("/") ? serverBase : serverBase + "/") + "Binary/" + binaryId);
    }
    List<IBaseResource> found = new ArrayList<>();
    for (String type : REFERRING_TYPES) {
      UriOrListParam any = new UriOrListParam();
      urls.forEach(u -> any.addOr(new UriParam(u)));
      SearchParameterMap map = SearchParameterMap.newSynchronous();
      map.add(CODE, any);
      map.setLoadSynchronousUpTo(MOST_REFERRERS);
      IFhirResourceDao<?> dao = daos.getResourceDao(type);
      found.addAll(dao.search(map, new SystemRequestDetails()).getAllResources());
    }
    return found;
  }

  /**
   * The ids of this server's Binaries a resource's attachments point at ({@code Binary/<id>} or the same under the
   * server's base), for the types that make a Binary readable through them; empty for other types.
   */
  public static List<String> binariesLinkedBy(IBaseResource resource, String serverBase) {
    List<org.hl7.fhir.r4.model.Attachment> attachments = new ArrayList<>();
    if (resource instanceof org.hl7.fhir.r4.model.DocumentReference doc) {
      doc.getContent().forEach(c -> attachments.add(c.getAttachment()));
    } else if (resource instanceof org.hl7.fhir.r4.model.DiagnosticReport report) {
      attachments.addAll(report.getPresentedForm());
    } else if (resource instanceof org.hl7.fhir.r4.model.Media media) {
      attachments.add(media.getContent());
    }
    String base = serverBase == null ? null : (serverBase.endsWith("/") ? serverBase : serverBase + "/");
    List<String> ids = new ArrayList<>();
    for (var attachment : attachments) {
      String url = attachment.getUrl();
      if (url == null) {
        continue;
      }
      String local = base != null && url.startsWith(base) ? url.substring(base.length()) : url;
      if (local.startsWith("Binary/") && local.indexOf('/', "Binary/".length()) < 0 && local.length() > 7) {
        ids.add(local.substring("Binary/".length()));
      }
    }
    return ids;
  }

  private boolean noneStored(String type) {
    SearchParameterMap one = SearchParameterMap.newSynchronous();
    one.setLoadSynchronousUpTo(1);
    return daos.getResourceDao(type).search(one, new SystemRequestDetails()).isEmpty();
  }
}
