import { gql } from '@apollo/client';

/** Who is signed in and the unit they act for, with the unit's chain (for scope checks). */
export const VIEWER_FIELDS = gql`
  fragment ViewerFields on Viewer {
    id
    kind
    displayName
    username
    role
    agencyId
    unit {
      id
      name
      kind
      code
      level
      validTo
      ancestors {
        id
        name
      }
    }
  }
`;

export const SIGN_IN = gql`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      token
      expiresAt
      viewer {
        ...ViewerFields
      }
    }
  }
  ${VIEWER_FIELDS}
`;

export const ME = gql`
  query Me {
    me {
      ...ViewerFields
    }
  }
  ${VIEWER_FIELDS}
`;
