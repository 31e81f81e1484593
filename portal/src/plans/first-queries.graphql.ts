import { gql } from '@apollo/client';

// The documents of the plans list's and the plan page's first requests, apart from the other plan
// documents: they are sent at boot (plans/index.tsx, App.tsx "startFirstScreen"), so they are in
// the first script rather than behind the pages' code (issue 14). plans.graphql.ts re-exports them.

/**
 * The plans above a plan, three levels up (national → province → district → commune), with their
 * status: a SUPERSEDED one anywhere in the chain means the superior's plan has changed since
 * (derivation/superior-change.ts). Ancestors' plans are visible when issued or superseded.
 */
export const SUPERIOR_CHAIN = gql`
  fragment SuperiorChain on Plan {
    parentPlan {
      id
      numberSymbol
      title
      status
      submissionDeadline
      unit {
        id
        name
      }
      parentPlan {
        id
        numberSymbol
        status
        unit {
          id
          name
        }
        parentPlan {
          id
          numberSymbol
          status
          unit {
            id
            name
          }
        }
      }
    }
  }
`;

/** A plan as the list shows it. */
export const PLAN_SUMMARY = gql`
  fragment PlanSummary on Plan {
    id
    title
    status
    number
    numberSymbol
    symbol
    issuedDate
    createdAt
    updatedAt
    versionNo
    unit {
      id
      name
    }
    ...SuperiorChain
  }
  ${SUPERIOR_CHAIN}
`;

export const PLANS = gql`
  query Plans($first: Int, $after: String, $filter: PlanFilter) {
    plans(first: $first, after: $after, filter: $filter) {
      nodes {
        ...PlanSummary
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${PLAN_SUMMARY}
`;

const AGENCY_REF = gql`
  fragment PlanAgencyRef on AgencyRef {
    agencyId
    name
    sector
    subordinateCommittees
    unmatched
  }
`;

export const PLAN_NODE_FIELDS = gql`
  fragment PlanNodeFields on PlanNode {
    id
    parentId
    depth
    position
    kind
    label
    text
    provenance
    derivedFromNodeId
    version
    omission {
      reason
    }
    task {
      lead {
        ...PlanAgencyRef
      }
      cooperating {
        ...PlanAgencyRef
      }
      timing {
        kind
        dueDate
        periodStart
        periodEnd
        phaseId
        recurring
        text
      }
    }
  }
  ${AGENCY_REF}
`;

export const TARGET_FIELDS = gql`
  fragment PlanTargetFields on Target {
    id
    nodeId
    position
    metric
    unitOfMeasure
    comparator
    value
    periodStart
    periodEnd
    phaseId
    year
    version
    allocationSum
    allocationsMatch
    derivedFromTargetId
    responsible {
      ...PlanAgencyRef
    }
    allocations {
      id
      assignee
      unitId
      agencyId
      value
    }
  }
  ${AGENCY_REF}
`;

/** The whole document: header, bases, body, targets, phases, milestones, footer and the checks. */
export const PLAN_DOCUMENT = gql`
  query PlanDocument($id: String!) {
    plan(id: $id) {
      id
      status
      version
      versionNo
      seriesId
      issuingBody
      number
      numberSymbol
      symbol
      place
      dateLine
      documentKind
      title
      preamble
      issuedDate
      issuedAt
      createdAt
      updatedAt
      periodStart
      periodEnd
      submissionDeadline
      revokedReason
      recipients
      signature {
        authority
        title
        signerName
      }
      unit {
        id
        name
        kind
        level
        validFrom
        validTo
        ancestors {
          id
        }
      }
      ...SuperiorChain
      amendsPlan {
        id
        numberSymbol
        versionNo
      }
      legalBases {
        id
        type
        number
        date
        issuer
        title
        text
        refPlanId
      }
      nodes {
        ...PlanNodeFields
      }
      targets {
        ...PlanTargetFields
      }
      phases {
        id
        nodeId
        position
        name
        startDate
        endDate
        goal
        version
      }
      milestones {
        id
        nodeId
        position
        kind
        title
        dueDate
        recipient
        recurrence
        dueDay
        version
      }
      checks {
        rule
        severity
        nodeId
        nodeLabel
        targetId
        message
        date
        limitDate
        periodStart
        periodEnd
        allocated
        total
        unitOfMeasure
        phaseName
        citedAs {
          documentType
          number
          date
        }
      }
    }
  }
  ${PLAN_NODE_FIELDS}
  ${TARGET_FIELDS}
  ${SUPERIOR_CHAIN}
`;
