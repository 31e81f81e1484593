import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The portal's API types, generated from the committed schema (schema/schema.graphql) and every
 * gql document of the portal (src/**\/*.graphql.ts). Generating validates each document against
 * the schema: a field the API does not have fails here, not in an official's browser.
 * `npm run codegen -w portal` writes src/graphql/generated.ts; `npm run codegen:check -w portal`
 * (CI) fails when it is out of date.
 */
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.graphql.ts'],
  generates: {
    'src/graphql/generated.ts': {
      plugins: ['typescript-operations'],
      config: {
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false },
        skipTypename: true,
        scalars: { DateTime: 'string', LocalDate: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>' },
        useTypeImports: true,
      },
    },
  },
};

export default config;
