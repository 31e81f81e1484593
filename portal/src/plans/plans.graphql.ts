import { gql } from '@apollo/client';

export { PLAN_DOCUMENT, PLAN_NODE_FIELDS, PLAN_SUMMARY, PLANS, SUPERIOR_CHAIN, TARGET_FIELDS } from './first-queries.graphql';

/** The audit trail of a plan, oldest first. */
export const PLAN_HISTORY = gql`
  query PlanHistory($id: String!, $first: Int, $after: String) {
    plan(id: $id) {
      id
      history(first: $first, after: $after) {
        nodes {
          id
          occurredAt
          action
          actorName
          actorKind
          before
          after
        }
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

/** A plan's title and status, for pages about it (history). */
export const PLAN_HEADING = gql`
  query PlanHeading($id: String!) {
    plan(id: $id) {
      id
      title
      status
      numberSymbol
      versionNo
      unit {
        id
        name
      }
    }
  }
`;

/** Agencies of the issuing unit, to name on tasks and targets. */
export const PLAN_AGENCIES = gql`
  query PlanAgencies($unitId: ID!, $first: Int, $after: String) {
    agencies(unitId: $unitId, first: $first, after: $after) {
      nodes {
        id
        name
        sector
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** Child units of the issuing unit, to allocate targets to. */
export const PLAN_CHILD_UNITS = gql`
  query PlanChildUnits($id: ID!, $first: Int, $after: String) {
    unit(id: $id) {
      id
      children(first: $first, after: $after) {
        nodes {
          id
          name
          code
          validTo
        }
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

/* ------------------------------------------------------------ mutations */

export const CREATE_PLAN = gql`
  mutation CreatePlan($input: CreatePlanInput!) {
    createPlan(input: $input) {
      plan {
        id
      }
    }
  }
`;

export const IMPORT_PLAN = gql`
  mutation ImportPlan($input: ImportPlanInput!) {
    importPlan(input: $input) {
      plan {
        id
        version
        title
        numberSymbol
        issuingBody
        symbol
        place
        dateLine
        nodes {
          id
        }
        parentPlan {
          id
          numberSymbol
          title
          unit {
            id
            name
          }
        }
      }
      report {
        linkedNodes
        matchedAgencies
        parentPlanId
        unknownAgencies
        warnings
        warningDetails {
          code
          values
        }
        unclassified {
          nodeKey
          reason
          text
        }
      }
    }
  }
`;

export const UPDATE_PLAN_HEADER = gql`
  mutation UpdatePlanHeader($input: UpdatePlanHeaderInput!) {
    updatePlanHeader(input: $input) {
      plan {
        id
        version
      }
    }
  }
`;

export const SET_LEGAL_BASES = gql`
  mutation SetLegalBases($input: SetLegalBasesInput!) {
    setLegalBases(input: $input) {
      plan {
        id
        version
      }
    }
  }
`;

export const ADD_NODE = gql`
  mutation AddNode($input: AddNodeInput!) {
    addNode(input: $input) {
      node {
        id
        version
      }
    }
  }
`;

export const UPDATE_NODE = gql`
  mutation UpdateNode($input: UpdateNodeInput!) {
    updateNode(input: $input) {
      node {
        id
        version
      }
    }
  }
`;

export const MOVE_NODE = gql`
  mutation MoveNode($input: MoveNodeInput!) {
    moveNode(input: $input) {
      node {
        id
        version
      }
    }
  }
`;

export const DELETE_NODE = gql`
  mutation DeleteNode($input: DeleteNodeInput!) {
    deleteNode(input: $input) {
      deletedId
    }
  }
`;

export const OMIT_NODE = gql`
  mutation OmitNode($input: OmitNodeInput!) {
    omitNode(input: $input) {
      node {
        id
      }
    }
  }
`;

export const RESTORE_NODE = gql`
  mutation RestoreNode($input: RestoreNodeInput!) {
    restoreNode(input: $input) {
      node {
        id
      }
    }
  }
`;

export const SAVE_TARGET = gql`
  mutation SaveTarget($input: SaveTargetInput!) {
    saveTarget(input: $input) {
      target {
        id
        version
      }
    }
  }
`;

export const DELETE_TARGET = gql`
  mutation DeleteTarget($input: DeletePlanPartInput!) {
    deleteTarget(input: $input) {
      deletedId
    }
  }
`;

export const SAVE_PHASE = gql`
  mutation SavePhase($input: SavePhaseInput!) {
    savePhase(input: $input) {
      phase {
        id
        version
      }
    }
  }
`;

export const DELETE_PHASE = gql`
  mutation DeletePhase($input: DeletePlanPartInput!) {
    deletePhase(input: $input) {
      deletedId
    }
  }
`;

export const SAVE_MILESTONE = gql`
  mutation SaveMilestone($input: SaveMilestoneInput!) {
    saveMilestone(input: $input) {
      milestone {
        id
        version
      }
    }
  }
`;

export const DELETE_MILESTONE = gql`
  mutation DeleteMilestone($input: DeletePlanPartInput!) {
    deleteMilestone(input: $input) {
      deletedId
    }
  }
`;

const TRANSITION_RESULT = gql`
  fragment PlanTransitionResult on Plan {
    id
    status
    version
    numberSymbol
  }
`;

export const SUBMIT_PLAN = gql`
  mutation SubmitPlanForReview($input: PlanTransitionInput!) {
    submitPlanForReview(input: $input) {
      plan {
        ...PlanTransitionResult
      }
    }
  }
  ${TRANSITION_RESULT}
`;

export const RETURN_PLAN = gql`
  mutation ReturnPlanToDraft($input: PlanTransitionInput!) {
    returnPlanToDraft(input: $input) {
      plan {
        ...PlanTransitionResult
      }
    }
  }
  ${TRANSITION_RESULT}
`;

export const ISSUE_PLAN = gql`
  mutation IssuePlan($input: IssuePlanInput!) {
    issuePlan(input: $input) {
      plan {
        ...PlanTransitionResult
      }
    }
  }
  ${TRANSITION_RESULT}
`;

export const REVOKE_PLAN = gql`
  mutation RevokePlan($input: PlanTransitionInput!) {
    revokePlan(input: $input) {
      plan {
        ...PlanTransitionResult
      }
    }
  }
  ${TRANSITION_RESULT}
`;

export const AMEND_PLAN = gql`
  mutation AmendPlan($input: AmendPlanInput!) {
    amendPlan(input: $input) {
      plan {
        ...PlanTransitionResult
      }
    }
  }
  ${TRANSITION_RESULT}
`;
