import { gql } from '@apollo/client';

/** Items shown per list of the desk; the count says how many there are (also the boot's first request, home/index.tsx). */
export const MY_WORK_SHOWN = 5;

/**
 * The desk in one request (docs/REPORTS.md, "The desk"): every list the API decides the official
 * acts on, each its first items and its total; a list the role does not act on comes back null.
 */
export const MY_WORK = gql`
  query MyWork($first: Int) {
    myWork {
      today
      dueBy
      plansToDerive(first: $first) {
        totalCount
        nodes {
          id
          title
          numberSymbol
          status
          issuedDate
          unit {
            id
            name
          }
        }
      }
      plansToApprove(first: $first) {
        totalCount
        nodes {
          id
          title
          numberSymbol
          status
          updatedAt
        }
      }
      upstreamChanges(first: $first) {
        totalCount
        nodes {
          pendingChanges
          plan {
            id
            title
            numberSymbol
            status
          }
          amendment {
            id
            numberSymbol
          }
        }
      }
      reportsDue(first: $first) {
        totalCount
        nodes {
          id
          title
          dueDate
          status
          compliance
          issuerUnit {
            id
            name
          }
          report {
            id
          }
        }
      }
      reportsToAccept(first: $first) {
        totalCount
        nodes {
          id
          milestoneId
          title
          dueDate
          status
          compliance
          submittedOn
          unit {
            id
            name
          }
          report {
            id
          }
        }
      }
    }
  }
`;
