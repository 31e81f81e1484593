import { gql } from '@apollo/client';

export const NOTIFICATIONS = gql`
  query Notifications($first: Int, $after: String, $unreadOnly: Boolean) {
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      nodes {
        id
        kind
        createdAt
        read
        plan {
          id
          title
          numberSymbol
        }
        fromUnit {
          id
          name
        }
        note
        obligation {
          id
          title
          dueDate
          report {
            id
          }
        }
        report {
          id
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

export const UNREAD_NOTIFICATIONS = gql`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`;

export const MARK_NOTIFICATIONS_READ = gql`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      marked
      unread
    }
  }
`;
