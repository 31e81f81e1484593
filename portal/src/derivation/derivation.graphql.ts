import { gql } from '@apollo/client';

/** What identifies a plan in headers and lists: number, title, issuing unit and its chain, dates. */
export const PLAN_HEAD = gql`
  fragment DerivationPlanHead on Plan {
    id
    title
    numberSymbol
    status
    versionNo
    issuedDate
    submissionDeadline
    periodStart
    periodEnd
    unit {
      id
      name
      code
      level
      ancestors {
        id
      }
    }
  }
`;

/** Issued plans of the units above the caller: what a unit derives its own plan from. */
export const PLANS_FROM_ABOVE = gql`
  query DerivationPlansFromAbove($filter: PlanFilter, $first: Int, $after: String) {
    plans(filter: $filter, first: $first, after: $after) {
      nodes {
        ...DerivationPlanHead
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${PLAN_HEAD}
`;

/** One plan's head (the parent plan in step 1 of the wizard, the plan on the diff and upstream pages). */
export const PLAN_SUMMARY = gql`
  query DerivationPlanSummary($id: String!) {
    plan(id: $id) {
      ...DerivationPlanHead
      parentPlan {
        ...DerivationPlanHead
      }
    }
  }
  ${PLAN_HEAD}
`;

/** What derivePlan would create: agency mapping, unmatched agencies, targets taken over, counts. */
export const DERIVATION_PREVIEW = gql`
  query DerivationPreview($parentPlanId: String!) {
    derivationPreview(parentPlanId: $parentPlanId) {
      title
      preamble
      nodeCount
      taskCount
      unmatchedAgencies
      unit {
        id
        name
      }
      agencyMapping {
        fromName
        fromSector
        uses
        to {
          id
          name
          sector
        }
      }
      targets {
        parentTargetId
        metric
        unitOfMeasure
        value
        allocated
      }
      existingPlan {
        id
        title
        status
        numberSymbol
      }
    }
  }
`;

/** Creates the unit's draft from the parent plan; the idempotency key makes a retry return the same plan. */
export const DERIVE_PLAN = gql`
  mutation DerivePlan($input: DerivePlanInput!) {
    derivePlan(input: $input) {
      plan {
        id
        title
        status
      }
    }
  }
`;

const DIFF_NODE = gql`
  fragment DerivationDiffNode on PlanNode {
    id
    kind
    label
    text
    depth
    task {
      lead {
        name
        unmatched
      }
      cooperating {
        name
        unmatched
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
`;

/** The derived plan against its parent, node by node in document order. */
export const PLAN_DIFF = gql`
  query DerivationPlanDiff($planId: String!) {
    planDiff(planId: $planId) {
      counts {
        inherited
        adapted
        local
        omitted
      }
      plan {
        ...DerivationPlanHead
      }
      parentPlan {
        ...DerivationPlanHead
      }
      entries {
        status
        omissionReason
        taskChanged
        textDiff {
          op
          text
        }
        node {
          ...DerivationDiffNode
        }
        parentNode {
          ...DerivationDiffNode
        }
      }
    }
  }
  ${PLAN_HEAD}
  ${DIFF_NODE}
`;

export const SET_OMISSION_REASON = gql`
  mutation DerivationSetOmissionReason($input: SetOmissionReasonInput!) {
    setOmissionReason(input: $input) {
      plan {
        id
      }
    }
  }
`;

/** A derived plan with the changes in newer issued versions of its parent, and its own nodes to show the ones concerned. */
export const UPSTREAM_CHANGES = gql`
  query DerivationUpstreamChanges($id: String!) {
    plan(id: $id) {
      ...DerivationPlanHead
      parentPlan {
        ...DerivationPlanHead
      }
      nodes {
        id
        label
        text
        provenance
      }
      upstreamChanges {
        kind
        upstreamNodeId
        decision
        reason
        baseLabel
        baseText
        newLabel
        newText
        childNodeIds
        textDiff {
          op
          text
        }
      }
    }
  }
  ${PLAN_HEAD}
`;

/** Only the count of pending upstream changes (the notice on the plan page). */
export const UPSTREAM_PENDING = gql`
  query DerivationUpstreamPending($id: String!) {
    plan(id: $id) {
      id
      status
      upstreamChanges {
        upstreamNodeId
        decision
      }
    }
  }
`;

export const TAKE_UPSTREAM_CHANGE = gql`
  mutation DerivationTakeUpstreamChange($input: UpstreamDecisionInput!) {
    takeUpstreamChange(input: $input) {
      applied
      conflicts {
        base
        ours
        theirs
      }
    }
  }
`;

export const DECLINE_UPSTREAM_CHANGE = gql`
  mutation DerivationDeclineUpstreamChange($input: UpstreamDecisionInput!) {
    declineUpstreamChange(input: $input) {
      plan {
        id
      }
    }
  }
`;
