import { gql } from '@apollo/client';

export const AGENCY_FIELDS = gql`
  fragment AgencyFields on Agency {
    id
    name
    sector
    disabled
    version
  }
`;

export const AGENCIES = gql`
  query Agencies($unitId: ID!, $first: Int, $after: String, $search: String, $sector: String, $includeDisabled: Boolean) {
    agencies(unitId: $unitId, first: $first, after: $after, search: $search, sector: $sector, includeDisabled: $includeDisabled) {
      nodes {
        ...AgencyFields
      }
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${AGENCY_FIELDS}
`;

export const CREATE_AGENCY = gql`
  mutation CreateAgency($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      agency {
        ...AgencyFields
      }
    }
  }
  ${AGENCY_FIELDS}
`;

/** Rename, change sector, disable or enable; carries the version read (optimistic locking). */
export const UPDATE_AGENCY = gql`
  mutation UpdateAgency($input: UpdateAgencyInput!) {
    updateAgency(input: $input) {
      agency {
        ...AgencyFields
      }
    }
  }
  ${AGENCY_FIELDS}
`;

export const SECTORS = gql`
  query Sectors {
    sectors {
      code
      nameVi
      nameEn
    }
  }
`;
