package org.neurofhir.server.fhir;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDaoCodeSystem.SubsumesResult;
import ca.uhn.fhir.jpa.entity.TermConcept;
import ca.uhn.fhir.jpa.entity.TermConceptParentChildLink;
import ca.uhn.fhir.jpa.term.TermReadSvcImpl;
import ca.uhn.fhir.jpa.term.api.ReindexTerminologyResult;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.codesystems.ConceptSubsumptionOutcome;
import org.springframework.transaction.annotation.Transactional;

/**
 * HAPI's terminology service for a server without Hibernate Search (its Lucene index would be written on every
 * resource write). HAPI expands ValueSets over stored CodeSystems and answers {@code CodeSystem/$subsumes} through
 * Hibernate Search whenever its full-text service bean exists, and {@code HapiJpaConfig} always defines that bean:
 * {@code $expand} and {@code $subsumes} answered 500 (HSEARCH800001) and the scheduled pre-expansion logged an error
 * per ValueSet. Expansion has a plain-SQL path in HAPI, chosen by the switch set below (despite its name the only
 * switch HAPI has for "Hibernate Search is not there"); subsumption has none, so it is answered here from the
 * stored parent links of the concepts. {@code $reindex-terminology} only rebuilds Hibernate Search's index: it says
 * so instead of failing with a 500 that carried a stack trace.
 */
public class TerminologyWithoutHibernateSearch extends TermReadSvcImpl {

  public TerminologyWithoutHibernateSearch() {
    setForceDisableHibernateSearchForUnitTest(true);
  }

  @Override
  @Transactional
  public SubsumesResult subsumes(
      IPrimitiveType<String> codeA,
      IPrimitiveType<String> codeB,
      IPrimitiveType<String> system,
      IBaseCoding codingA,
      IBaseCoding codingB) {
    Concept a = Concept.of(codeA, system, codingA);
    Concept b = Concept.of(codeB, system, codingB);
    if (!Objects.equals(a.system(), b.system())) {
      throw new InvalidRequestException("Unable to test subsumption across different code systems");
    }
    TermConcept conceptA = stored(a);
    TermConcept conceptB = stored(b);
    ConceptSubsumptionOutcome outcome;
    if (conceptA.getId().equals(conceptB.getId())) {
      outcome = ConceptSubsumptionOutcome.EQUIVALENT;
    } else if (isAncestor(conceptA, conceptB)) {
      outcome = ConceptSubsumptionOutcome.SUBSUMES;
    } else if (isAncestor(conceptB, conceptA)) {
      outcome = ConceptSubsumptionOutcome.SUBSUMEDBY;
    } else {
      outcome = ConceptSubsumptionOutcome.NOTSUBSUMED;
    }
    return new SubsumesResult(outcome);
  }

  @Override
  public ReindexTerminologyResult reindexTerminology() {
    return ReindexTerminologyResult.SEARCH_SVC_DISABLED;
  }

  private TermConcept stored(Concept concept) {
    if (concept.code() == null || concept.system() == null) {
      throw new InvalidRequestException("$subsumes needs codeA and codeB with system, or codingA and codingB");
    }
    return findCode(concept.system(), concept.code())
        .orElseThrow(() -> new InvalidRequestException("Unknown code: " + concept.system() + "|" + concept.code()));
  }

  /** Walks up from {@code concept} through its parent links (a hierarchy may have several parents per concept). */
  private static boolean isAncestor(TermConcept candidate, TermConcept concept) {
    Deque<TermConcept> toVisit = new ArrayDeque<>();
    Set<Long> seen = new HashSet<>();
    toVisit.push(concept);
    while (!toVisit.isEmpty()) {
      for (TermConceptParentChildLink link : toVisit.pop().getParents()) {
        TermConcept parent = link.getParent();
        if (parent.getId().equals(candidate.getId())) {
          return true;
        }
        if (seen.add(parent.getId())) {
          toVisit.push(parent);
        }
      }
    }
    return false;
  }

  /** A code and its system identifier ({@code url} or {@code url|version}, as HAPI stores code system versions). */
  private record Concept(String system, String code) {

    static Concept of(IPrimitiveType<String> code, IPrimitiveType<String> system, IBaseCoding coding) {
      if (coding != null) {
        String identifier = coding.getVersion() == null ? coding.getSystem() : coding.getSystem() + "|" + coding.getVersion();
        return new Concept(identifier, coding.getCode());
      }
      return new Concept(system == null ? null : system.getValueAsString(), code == null ? null : code.getValueAsString());
    }
  }
}
