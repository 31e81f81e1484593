import { gql } from '@apollo/client';

/* Progress reports (docs/REPORTS.md): the portal's queries and mutations. */

const OBLIGATION_FIELDS = gql`
  fragment ObligationFields on ReportObligation {
    id
    planId
    milestoneId
    kind
    title
    recipient
    dueDate
    depth
    status
    compliance
    submittedOn
    state
    closedOn
    closedReason
    period {
      kind
      year
      index
      label
      start
      end
    }
    agency {
      id
      name
    }
    unit {
      id
      name
    }
    issuerUnit {
      id
      name
    }
    report {
      id
      status
      versionNo
    }
  }
`;

export const REPORT_OBLIGATIONS = gql`
  ${OBLIGATION_FIELDS}
  query ReportObligations(
    $unitId: String
    $owedToUnitId: String
    $milestoneId: String
    $statuses: [ObligationReportStatus!]
    $dueBy: String
    $first: Int
    $after: String
  ) {
    reportObligations(
      unitId: $unitId
      owedToUnitId: $owedToUnitId
      milestoneId: $milestoneId
      statuses: $statuses
      dueBy: $dueBy
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...ObligationFields
      }
    }
  }
`;

const REPORT_FIELDS = gql`
  ${OBLIGATION_FIELDS}
  fragment ReportFields on Report {
    id
    status
    version
    versionNo
    correctsReportId
    periodStart
    periodEnd
    difficulties
    proposals
    recipients
    signature {
      authority
      title
      signerName
    }
    returnedReason
    firstSubmittedOn
    unit {
      id
      name
    }
    obligation {
      ...ObligationFields
    }
    tasks {
      id
      nodeId
      label
      text
      status
      done
      version
    }
    figures {
      id
      targetId
      metric
      unitOfMeasure
      allocated
      periodValue
      cumulativeValue
      sumFromBelow
      cumulativeFromBelow
      unitsBelow
      difference
      overrideNote
      gap
      version
    }
    subordinates {
      expected
      reported
      missing {
        id
        name
      }
    }
    versions {
      id
      versionNo
      status
    }
  }
`;

export const REPORT = gql`
  ${REPORT_FIELDS}
  query Report($id: String!) {
    report(id: $id) {
      ...ReportFields
    }
  }
`;

/** The plan a report is on: its number for the report's title. */
export const REPORT_PLAN = gql`
  query ReportPlan($id: String!) {
    plan(id: $id) {
      id
      title
      numberSymbol
    }
  }
`;

export const CREATE_REPORT = gql`
  mutation CreateReport($input: CreateReportInput!) {
    createReport(input: $input) {
      report {
        id
      }
    }
  }
`;

export const UPDATE_REPORT_TASK = gql`
  mutation UpdateReportTask($input: UpdateReportTaskInput!) {
    updateReportTask(input: $input) {
      task {
        id
        status
        done
        version
      }
    }
  }
`;

export const UPDATE_REPORT_FIGURE = gql`
  mutation UpdateReportFigure($input: UpdateReportFigureInput!) {
    updateReportFigure(input: $input) {
      figure {
        id
        periodValue
        cumulativeValue
        overrideNote
        difference
        gap
        version
      }
    }
  }
`;

export const UPDATE_REPORT_TEXT = gql`
  mutation UpdateReportText($input: UpdateReportTextInput!) {
    updateReportText(input: $input) {
      report {
        id
        version
        periodStart
        periodEnd
        difficulties
        proposals
        recipients
        signature {
          authority
          title
          signerName
        }
      }
    }
  }
`;

export const SUBMIT_REPORT = gql`
  mutation SubmitReport($input: ReportTransitionInput!) {
    submitReport(input: $input) {
      report {
        id
        status
        version
      }
    }
  }
`;

export const ACCEPT_REPORT = gql`
  mutation AcceptReport($input: ReportTransitionInput!) {
    acceptReport(input: $input) {
      report {
        id
        status
        version
      }
    }
  }
`;

export const RETURN_REPORT = gql`
  mutation ReturnReport($input: ReportTransitionInput!) {
    returnReport(input: $input) {
      report {
        id
        status
        version
      }
    }
  }
`;

export const CORRECT_REPORT = gql`
  mutation CorrectReport($input: CorrectReportInput!) {
    correctReport(input: $input) {
      report {
        id
      }
    }
  }
`;

export const REPORT_ROLLUP = gql`
  query ReportRollup($milestoneId: String!, $period: String, $first: Int, $after: String) {
    reportRollup(milestoneId: $milestoneId, depth: ALL, period: $period, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        obligation {
          id
          planId
          kind
          title
          depth
          status
          compliance
          submittedOn
          dueDate
          period {
            key
            kind
            year
            index
          }
          agency {
            id
            name
          }
          unit {
            id
            name
          }
          report {
            id
            status
          }
        }
        targets {
          targetId
          metric
          unitOfMeasure
          allocated
          achieved
          achievedCumulative
          reportedByUnit
          gap
        }
      }
    }
  }
`;

export const REPORT_ROLLUP_SUMMARY = gql`
  query ReportRollupSummary($milestoneId: String!, $period: String) {
    reportRollupSummary(milestoneId: $milestoneId, period: $period) {
      units
      byCompliance {
        compliance
        count
      }
      targets {
        targetId
        metric
        unitOfMeasure
        allocated
        achieved
        achievedCumulative
        unitsReporting
        gap
      }
    }
  }
`;

/** The figures table read from an .xlsx (docs/REPORTS.md, "Figures as a spreadsheet"): a dry run, then the apply. */
export const IMPORT_REPORT_FIGURES = gql`
  mutation ImportReportFigures($input: ImportReportFiguresInput!) {
    importReportFigures(input: $input) {
      dryRun
      applied
      sheet
      previewDigest
      warningCount
      changes {
        targetId
        metric
        unitOfMeasure
        field
        before
        after
        cell
      }
      warnings {
        code
        cell
        unitName
        metric
        field
        inFile
        current
      }
      report {
        id
        version
      }
    }
  }
`;

/** Per reporting period of a plan, per target, achieved against allocated (the follow page's chart). */
export const REPORT_TREND = gql`
  query ReportTrend($planId: String!, $targetId: String) {
    reportTrend(planId: $planId, targetId: $targetId) {
      planId
      periods {
        milestoneId
        kind
        title
        dueDate
        periodStart
        periodEnd
        units
        reported
      }
      targets {
        targetId
        metric
        unitOfMeasure
        allocated
        points {
          achieved
          achievedCumulative
          unitsReporting
          gap
        }
      }
    }
  }
`;

/** The periods a periodic milestone makes, as one unit owes them (the follow-up page's period choice). */
export const REPORT_PERIODS = gql`
  query ReportPeriods($milestoneId: String!, $unitId: String!) {
    reportObligations(milestoneId: $milestoneId, unitId: $unitId, first: 100) {
      nodes {
        id
        agency {
          id
        }
        period {
          key
          kind
          year
          index
        }
      }
    }
  }
`;
