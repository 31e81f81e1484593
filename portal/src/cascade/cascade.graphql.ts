import { gql } from '@apollo/client';

/** The plan being followed: number, title, issuing unit, dates. */
export const CASCADE_PLAN = gql`
  query CascadePlan($id: String!) {
    plan(id: $id) {
      id
      title
      numberSymbol
      status
      versionNo
      issuedDate
      submissionDeadline
      unit {
        id
        name
        level
      }
      milestones {
        id
        kind
        title
        dueDate
      }
    }
  }
`;

/** Plans a superior follows: its own issued plans (or those from above, to see its own subtree). */
export const CASCADE_PLANS = gql`
  query CascadePlans($filter: PlanFilter, $first: Int, $after: String) {
    plans(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        title
        numberSymbol
        status
        issuedDate
        submissionDeadline
        unit {
          id
          name
        }
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

/** Counts by status and compliance, coverage and target sums over the cascade (what the caller may see). */
export const CASCADE_SUMMARY = gql`
  query CascadeSummary($id: String!, $depth: CascadeDepth) {
    plan(id: $id) {
      id
      cascadeSummary(depth: $depth) {
        units
        withPlan
        upstreamPending
        upstreamDeclined
        byStatus {
          status
          count
        }
        byCompliance {
          compliance
          count
        }
        coverage {
          inherited
          adapted
          local
          omitted
          parentTasks
          parentTasksCovered
          share
        }
        targets {
          total
          allocatedSum
          allocationsMatch
          ownSum
          unitsWithTarget
          target {
            id
            metric
            unitOfMeasure
            value
            comparator
          }
        }
      }
    }
  }
`;

/** One page of subordinate units with their plans (server-side filters and keyset pagination). */
export const CASCADE_ROWS = gql`
  query CascadeRows(
    $id: String!
    $filter: CascadeFilter
    $first: Int
    $after: String
    $reportMilestoneId: String = ""
    $withReport: Boolean = false
  ) {
    plan(id: $id) {
      id
      cascade(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          depth
          status
          issuedDate
          deadline
          compliance
          upstreamPending
          upstreamDeclined
          unit {
            id
            code
            name
            parent {
              id
              name
            }
          }
          plan {
            id
            numberSymbol
          }
          coverage {
            inherited
            adapted
            local
            omitted
            parentTasks
            parentTasksCovered
            share
          }
          targets {
            parentTargetId
            metric
            unitOfMeasure
            allocated
            own
            gap
          }
          reportObligation(milestoneId: $reportMilestoneId) @include(if: $withReport) {
            id
            milestoneId
            dueDate
            status
            compliance
            submittedOn
            report {
              id
            }
          }
        }
      }
    }
  }
`;

/** Parent tasks × one page of units. */
export const COVERAGE_MATRIX = gql`
  query CascadeCoverageMatrix($id: String!, $depth: CascadeDepth, $first: Int, $after: String) {
    plan(id: $id) {
      id
      coverageMatrix(depth: $depth, first: $first, after: $after) {
        totalUnits
        hasNextPage
        endCursor
        tasks {
          id
          label
          text
          depth
        }
        units {
          id
          code
          name
        }
        cells {
          taskId
          unitId
          status
        }
      }
    }
  }
`;
