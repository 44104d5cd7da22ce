package org.neurofhir.server.review.report;

import java.util.List;
import org.neurofhir.profiles.TumourRegion;

/** The order regions are listed and charted in: composites first, as the pipeline's conclusion reads them. */
final class ReportOrder {

  static final List<TumourRegion> REGIONS = List.of(TumourRegion.WHOLE_TUMOUR, TumourRegion.TUMOUR_CORE,
      TumourRegion.ENHANCING_TUMOUR, TumourRegion.NECROTIC_CORE, TumourRegion.OEDEMA);

  private ReportOrder() {}
}
