import { gql } from '@apollo/client';

export const USER_FIELDS = gql`
  fragment UserFields on User {
    id
    username
    displayName
    email
    role
    agencyId
    agency {
      id
      name
    }
    disabled
    version
    createdAt
    unit {
      id
      name
      code
    }
  }
`;

export const USERS = gql`
  query Users($unitId: ID!, $first: Int, $after: String, $includeDescendants: Boolean, $search: String) {
    users(unitId: $unitId, first: $first, after: $after, includeDescendants: $includeDescendants, search: $search) {
      nodes {
        ...UserFields
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${USER_FIELDS}
`;

export const CREATE_USER = gql`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      user {
        ...UserFields
      }
    }
  }
  ${USER_FIELDS}
`;

/** Rename, change role, lock/unlock or reset the password; carries the version read. */
export const UPDATE_USER = gql`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        ...UserFields
      }
    }
  }
  ${USER_FIELDS}
`;
