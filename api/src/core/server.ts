import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { REPO_ROOT } from '../config.js';
import type { Ctx } from './context.js';
import { formatError } from './errors.js';
import {
  LIMITS,
  aliasLimitRule,
  costLimitPlugin,
  documentLimitsRule,
  fenceResponses,
  introspectionPlugin,
  responseFencePlugin,
  type Limits,
} from './graphql/limits.js';
import { documentStore } from './graphql/document-store.js';
import { compiledExecution } from './graphql/compiled-execution.js';
import { buildApiSchema } from './graphql/schema.js';
import { graphiqlPage, graphiqlAssets } from './graphiql.js';
import {
  buildGraphqlContext,
  finishGraphqlRequest,
  tellWritePosition,
  graphqlBodyErrors,
  graphqlHttpStatusPlugin,
  httpErrors,
  releaseUnfinished,
  withHttpStatus,
} from './http.js';
import type { Wiring } from './module.js';
import { requestStats } from './request-stats.js';
import type { ReadRouting } from './db/read-routing.js';
import { portalFiles } from './static-files.js';

export interface ServerDeps {
  /** The primary: every write, and every read that cannot go to a replica. */
  orm: MikroORM;
  /** Read replicas (DATABASE_REPLICA_URLS) for requests that only read; none when absent. */
  replicas?: MikroORM[];
  /** The feature modules and the request wiring, from the composition root (api/src/app.ts). */
  wiring: Wiring;
  production: boolean;
  /** Adds an x-sql-count response header (tests and benchmark only). */
  exposeSqlCount?: boolean;
  /** Proxies allowed to set the client address through X-Forwarded-For (express's `trust proxy`); none when absent. */
  trustProxy?: false | number | string[];
  /** Overrides of the request limits (tests only). */
  limits?: Partial<Limits>;
  /** The data folder: PDFs of issued plans are cached under it (documents/export/plan-pdf.ts). */
  dataDir?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  /**
   * Stops accepting connections and ends idle keep-alive ones at once; requests still running
   * after `graceMs` lose their sockets, so stopping never waits on a slow request.
   */
  stop: (graceMs?: number) => Promise<void>;
  /** The cache of parsed documents now (tests: it stays within its bounds). */
  documentCache: () => { entries: number; weight: number };
  /** The cache of compiled queries now (tests: it stays within its bounds). */
  compiledCache: () => { entries: number; weight: number; runs: { compiled: number; graphqlJs: number } };
}

export async function createHttpServer(deps: ServerDeps) {
  const limits: Limits = { ...LIMITS, ...deps.limits };
  const routing: ReadRouting = { primary: deps.orm, replicas: deps.replicas ?? [] };
  const { modules, requests } = deps.wiring;
  const schema = fenceResponses(await buildApiSchema(modules));
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: Express would hash every GraphQL response body (SHA-1) for a header
  // no POST is ever revalidated with. The portal's static files set their own (static-files.ts).
  app.set('etag', false);
  // req.ip is the socket's peer unless the operator named the proxies in front (docs/ACCESS.md).
  app.set('trust proxy', deps.trustProxy ?? false);
  const httpServer = http.createServer(app);
  const documents = documentStore(limits);
  const compiled = compiledExecution(schema, limits);
  const apollo = new ApolloServer<Ctx>({
    // The schema, and queries executed compiled (graphql-jit) instead of by graphql-js: Apollo's
    // way to supply an executor is a gateway (compiled-execution.ts, docs/ARCHITECTURE.md).
    gateway: compiled.gateway,
    introspection: true, // integrators need it; in production only with credentials (introspectionPlugin)
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    // Apollo's own SIGTERM/SIGINT handler stops it and then re-sends the signal to the process,
    // which main.ts would take for a second Ctrl-C; main.ts owns the stop order (boot.ts stop()).
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: limits.maxTokens },
    // Parsed and validated documents, kept by the hash of their text within bounds (document-store.ts).
    documentStore: documents,
    validationRules: [documentLimitsRule(limits), aliasLimitRule(limits.maxAliases)],
    formatError,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDisableSuggestions(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      graphqlHttpStatusPlugin(),
      introspectionPlugin(deps.production),
      costLimitPlugin(schema, limits.maxCost, limits.costCacheEntriesPerDocument),
      responseFencePlugin(limits.maxResponseBytes),
      // Commits or rolls back the request's transaction before the response leaves.
      // With replicas, a mutation's answer then carries the primary's position (read-routing.ts).
      {
        requestDidStart: async () => ({
          willSendResponse: async (rc) => {
            await finishGraphqlRequest(rc);
            await tellWritePosition(rc, routing);
          },
        }),
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.orm.em.fork().execute('select 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  app.get('/graphiql', (_req, res) => {
    res.type('html').send(graphiqlPage());
  });
  app.use('/graphiql/assets', graphiqlAssets());

  const graphql = expressMiddleware(apollo, {
    // Bad credentials fail here, before Apollo's request pipeline: give them their status too.
    context: ({ req, res }) => buildGraphqlContext(routing, requests, req, res).catch((e: unknown) => Promise.reject(withHttpStatus(e))),
  });
  /**
   * The statements a request ran, in x-sql-count (tests and the benchmark assert bounded pages
   * with it), and its round trips to PostgreSQL before the response, in x-sql-round-trips.
   */
  const countSql: express.RequestHandler = (_req, res, next) => {
    if (!deps.exposeSqlCount) return next();
    const stats = { sql: 0, roundTrips: 0 };
    const end = res.end.bind(res);
    res.end = ((...args: Parameters<typeof res.end>) => {
      if (!res.headersSent) {
        res.setHeader('x-sql-count', String(stats.sql));
        res.setHeader('x-sql-round-trips', String(stats.roundTrips));
      }
      return end(...args);
    }) as typeof res.end;
    requestStats.run(stats, next);
  };
  app.use(
    '/graphql',
    // Answers compressed for clients that accept it (issue 14: a plan's document is ~126 KB of JSON,
    // 0.6 s on a phone's slow 4G; ~12 KB in brotli). Small answers go as they are (the threshold),
    // and the benchmark's clients, which ask for none, pay nothing. Outermost, so the headers set
    // by what follows go out before the compressed body starts.
    compression({ threshold: 1024 }),
    countSql,
    // Room for a base64 .docx in importPlan; parse cost stays bounded by the token limit.
    express.json({ limit: '12mb' }),
    async (req, res, next) => {
      try {
        await graphql(req, res, next);
      } finally {
        await releaseUnfinished(res);
      }
    },
  );
  app.use('/graphql', graphqlBodyErrors);

  // The modules' plain routes (documents' .docx/PDF export, the plans' NDJSON stream…).
  app.use('/api', countSql);
  for (const module of modules) if (module.routes) app.use(module.routes({ orm: deps.orm, requests, dataDir: deps.dataDir }));

  // The portal (a static build) is served at / when it has been built: precompressed, hashed
  // assets cached for a year, index.html revalidated (static-files.ts).
  const portalDist = path.join(REPO_ROOT, 'portal', 'dist');
  if (fs.existsSync(path.join(portalDist, 'index.html'))) app.use(portalFiles(portalDist));

  app.use(httpErrors);

  return {
    app,
    httpServer,
    apollo,
    async listen(port: number, host: string): Promise<RunningServer> {
      await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
      const addr = httpServer.address();
      const actualPort = typeof addr === 'object' && addr ? addr.port : port;
      return {
        url: `http://${host}:${actualPort}`,
        port: actualPort,
        httpServer,
        documentCache: () => documents.stats,
        compiledCache: () => compiled.stats,
        stop: async (graceMs = 10_000) => {
          // The drain plugin closes the listener and idle sockets, then waits for the server's
          // 'close' — which a request held open (slow SQL, slow client) would delay for its own
          // 10 s grace: cut active sockets after ours (docs/ARCHITECTURE.md, "Process").
          const cut = setTimeout(() => httpServer.closeAllConnections(), graceMs);
          try {
            await apollo.stop();
          } finally {
            clearTimeout(cut);
          }
        },
      };
    },
  };
}
