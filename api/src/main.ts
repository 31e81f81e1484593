import 'reflect-metadata';
import { loadConfig } from './config.js';
import { boot, STOP_GRACE_MS, type App } from './boot.js';
import { releaseSignalHooks } from './core/db/embedded.js';
import { DEMO_PASSWORD } from './seed/demo.seed.js';

/** SIGTERM/SIGINT end the process within this, whatever is still running (docs/ARCHITECTURE.md, "Process"). */
const STOP_DEADLINE_MS = 9_500;

const config = loadConfig();
const started = Date.now();
console.log(config.databaseUrl ? 'kehoach: using DATABASE_URL' : `kehoach: starting embedded PostgreSQL in ${config.dataDir}/pg …`);
let app: App;
try {
  app = await boot(config);
} catch (e) {
  // Until boot returns, the embedded database's own signal hooks stop it on Ctrl-C.
  console.error(`kehoach: could not start: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof Error && e.cause instanceof Error && !e.message.includes(e.cause.message)) console.error(`  cause: ${e.cause.message}`);
  process.exit(1);
}
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

// From here this process stops the database itself, after the server has drained.
releaseSignalHooks();
let stopping = false;
const shutdown = async (signal: NodeJS.Signals) => {
  const code = 128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15);
  if (stopping) {
    console.error(`kehoach: second ${signal}, exiting now`);
    app.abort();
    process.exit(code);
  }
  stopping = true;
  console.log(`kehoach: ${signal}, shutting down (requests in flight get ${STOP_GRACE_MS / 1000} s)…`);
  setTimeout(() => {
    console.error(`kehoach: shutdown did not finish within ${STOP_DEADLINE_MS / 1000} s, exiting`);
    app.abort();
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  try {
    await app.stop();
    console.log('kehoach: stopped');
    process.exit(0);
  } catch (e) {
    console.error(e);
    app.abort();
    process.exit(1);
  }
};
// SIGHUP too: a closed terminal sends it to PostgreSQL as well, which only reloads its
// configuration on it — without a stop here it would outlive the server.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, (s) => void shutdown(s));
