import { gql } from '@apollo/client';

export const API_KEY_FIELDS = gql`
  fragment ApiKeyFields on ApiKey {
    id
    name
    prefix
    role
    createdAt
    lastUsedAt
    revokedAt
  }
`;

export const API_KEYS = gql`
  query ApiKeys($unitId: ID!, $first: Int, $after: String) {
    apiKeys(unitId: $unitId, first: $first, after: $after) {
      nodes {
        ...ApiKeyFields
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${API_KEY_FIELDS}
`;

/** Returns the key itself once (`secret`); the API keeps only its hash. */
export const CREATE_API_KEY = gql`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        ...ApiKeyFields
      }
    }
  }
  ${API_KEY_FIELDS}
`;

export const REVOKE_API_KEY = gql`
  mutation RevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      apiKey {
        ...ApiKeyFields
      }
    }
  }
  ${API_KEY_FIELDS}
`;
