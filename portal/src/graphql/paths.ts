/** Where the API answers GraphQL: the portal is served by the API, so a relative path is enough. */
export const GRAPHQL_PATH = '/graphql';
