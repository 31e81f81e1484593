import { gql } from '@apollo/client';

export const UNIT_CORE = gql`
  fragment UnitCore on AdminUnit {
    id
    code
    name
    kind
    level
    validFrom
    validTo
    childCount
  }
`;

/** One page of a unit's direct children (the tree loads them on expand). */
export const UNIT_CHILDREN = gql`
  query UnitChildren($id: ID!, $first: Int, $after: String) {
    unit(id: $id) {
      id
      children(first: $first, after: $after) {
        nodes {
          ...UnitCore
        }
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${UNIT_CORE}
`;

/** A unit with what the details panel shows, including the 2025 reform's successions. */
export const UNIT_DETAILS = gql`
  query UnitDetails($id: ID!) {
    unit(id: $id) {
      ...UnitCore
      parent {
        id
        name
      }
      ancestors {
        id
        name
      }
      successors {
        kind
        unit {
          id
          name
          code
          validFrom
        }
      }
      predecessors {
        kind
        unit {
          id
          name
          code
          validTo
        }
      }
    }
  }
  ${UNIT_CORE}
`;

/** Accent-insensitive search over the units the caller may see ("hoa" finds "Hòa" and "Hoà"). */
export const UNIT_SEARCH = gql`
  query UnitSearch($filter: UnitFilter, $first: Int, $after: String) {
    units(filter: $filter, first: $first, after: $after) {
      nodes {
        ...UnitCore
        parent {
          id
          name
        }
        ancestors {
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
  ${UNIT_CORE}
`;

/** The search of the unit picker on administration screens: a unit and those below it. */
export const UNIT_DESCENDANT_SEARCH = gql`
  query UnitDescendantSearch($id: ID!, $search: String, $first: Int) {
    unit(id: $id) {
      id
      descendants(search: $search, first: $first) {
        nodes {
          id
          name
          code
          validTo
          parent {
            name
          }
        }
      }
    }
  }
`;

/** Name and chain of one unit: the title of a screen and the scope of access checks. */
export const UNIT_SUMMARY = gql`
  query UnitSummary($id: ID!) {
    unit(id: $id) {
      id
      name
      code
      kind
      level
      validTo
      parent {
        name
      }
      ancestors {
        id
        name
      }
    }
  }
`;

/** The root of the tree (the top of the caller's chain). */
export const UNIT_NODE = gql`
  query UnitNode($id: ID!) {
    unit(id: $id) {
      ...UnitCore
    }
  }
  ${UNIT_CORE}
`;
