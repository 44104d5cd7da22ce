package org.neurofhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Map;

/**
 * Runs type searches as offset pages ({@code paging: offset}): a search without {@code _offset} is answered as if the
 * client had sent {@code _offset=0&_count=<default page size>}, so HAPI queries one page (plus one row, to know whether
 * there is a next) inside the request and writes nothing, and the next link is {@code ..._offset=20&_count=20}.
 *
 * <p>Why: HAPI's default answers a search by storing its result set ({@code HFJ_SEARCH}, {@code HFJ_SEARCH_RESULT})
 * in other transactions on a search thread and paging out of it; with result reuse off (results must be fresh) that
 * bookkeeping is paid on every search and was the largest part of a patient-level search (server/README.md
 * "Performance"). Every page is then a fresh query, so a page reflects writes made since the previous one.
 *
 * <p>Pages must not overlap or leave gaps, so an offset search is ordered: by the client's {@code _sort}, then by
 * the resource's database id, which breaks ties (and is the whole order when the client gave none).
 */
public class OffsetPagingInterceptor {

  private final int defaultPageSize;

  public OffsetPagingInterceptor(int defaultPageSize) {
    this.defaultPageSize = defaultPageSize;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void pageByOffset(RequestDetails request) {
    if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
      return;
    }
    Map<String, String[]> params = request.getParameters();
    if (params.containsKey(Constants.PARAM_OFFSET)) {
      return;
    }
    request.addParameter(Constants.PARAM_OFFSET, new String[] {"0"});
    if (!params.containsKey(Constants.PARAM_COUNT)) {
      request.addParameter(Constants.PARAM_COUNT, new String[] {Integer.toString(defaultPageSize)});
    }
  }

  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void stableOrder(SearchParameterMap params) {
    if (!params.isOffsetQuery() || params.getEverythingMode() != null) {
      return;
    }
    SortSpec sort = params.getSort();
    if (sort == null) {
      params.setSort(new SortSpec(Constants.PARAM_PID));
      return;
    }
    SortSpec last = sort;
    while (!Constants.PARAM_PID.equals(last.getParamName()) && last.getChain() != null) {
      last = last.getChain();
    }
    if (!Constants.PARAM_PID.equals(last.getParamName())) {
      last.setChain(new SortSpec(Constants.PARAM_PID));
    }
  }
}
