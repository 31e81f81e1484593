import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { REPO_ROOT } from '../config.js';
import { createSchema } from '../app.js';
import { createTokenSigner } from '../modules/auth/tokens.js';

/** Writes schema/schema.graphql from the code (sorted); with --check, fails when the file is stale. */
export async function renderSchema(): Promise<string> {
  const schema = await createSchema({ signer: createTokenSigner('schema-emit', 60) });
  return `# Generated from the type-graphql code by \`npm run schema:emit\`. Do not edit by hand.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

const target = path.join(REPO_ROOT, 'schema', 'schema.graphql');
const rendered = await renderSchema();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== rendered) {
    console.error('schema/schema.graphql is stale: run `npm run schema:emit` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date.');
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, rendered);
  console.log(`wrote ${path.relative(REPO_ROOT, target)}`);
}
