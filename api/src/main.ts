import 'reflect-metadata';
import { loadConfig } from './config.js';
import { boot } from './boot.js';
import { DEMO_PASSWORD } from './seed/demo.seed.js';

const config = loadConfig();
const started = Date.now();
console.log(config.databaseUrl ? 'kehoach: using DATABASE_URL' : `kehoach: starting embedded PostgreSQL in ${config.dataDir}/pg …`);
const app = await boot(config);
console.log(`kehoach: migrations applied: ${app.migrated.length ? app.migrated.join(', ') : 'none pending'}`);
console.log(
  `kehoach: units added: ${app.seeded.units}; demo accounts added: ${app.seeded.createdAccounts}; demo plans added: ${app.seeded.plans}`,
);
if (app.seeded.createdAccounts > 0) {
  console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const a of app.seeded.accounts) console.log(`  ${a.username.padEnd(24)} ${a.role.padEnd(9)} ${a.unitName}`);
  console.log('');
}
console.log(`kehoach: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  portal   ${app.server.url}/`);
console.log(`  GraphQL  ${app.server.url}/graphql   (GraphiQL: ${app.server.url}/graphiql)`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`kehoach: ${signal}, shutting down…`);
  try {
    await app.stop();
    process.exit(0);
  } catch (e) {
    console.error(e);
    process.exit(1);
  }
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
