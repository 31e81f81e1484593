import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { REPO_ROOT } from '../config.js';
import { planStreamRouter } from '../modules/plans/plan-stream.routes.js';
import { exportRouter } from '../modules/documents/export/export.routes.js';
import type { TokenSigner } from '../modules/auth/tokens.js';
import type { Ctx } from './context.js';
import { formatError } from './errors.js';
import { LIMITS, aliasLimitRule, costLimitPlugin, depthLimitRule } from './graphql/limits.js';
import { createSchema } from './graphql/schema.js';
import { graphiqlPage, graphiqlAssets } from './graphiql.js';
import { buildContext } from './http.js';
import { requestStats } from './request-stats.js';
import { portalFiles } from './static-files.js';

export interface ServerDeps {
  orm: MikroORM;
  signer: TokenSigner;
  production: boolean;
  /** Adds an x-sql-count response header (tests and benchmark only). */
  exposeSqlCount?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  stop: () => Promise<void>;
}

export async function createHttpServer(deps: ServerDeps) {
  const schema = await createSchema({ signer: deps.signer });
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Ctx>({
    schema,
    introspection: true, // integrators need it; limits below keep it cheap
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    persistedQueries: false,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules: [depthLimitRule(), aliasLimitRule()],
    formatError,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDisableSuggestions(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      costLimitPlugin(schema),
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

  app.use(
    '/graphql',
    (req, res, next) => {
      if (!deps.exposeSqlCount) return next();
      const stats = { sql: 0 };
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<typeof res.end>) => {
        if (!res.headersSent) res.setHeader('x-sql-count', String(stats.sql));
        return end(...args);
      }) as typeof res.end;
      requestStats.run(stats, next);
    },
    // Room for a base64 .docx in importPlan; parse cost stays bounded by the token limit.
    express.json({ limit: '12mb' }),
    expressMiddleware(apollo, {
      context: ({ req }) => buildContext(deps.orm, deps.signer, req, req.body?.operationName ?? null),
    }),
  );

  app.use(exportRouter(deps.orm, deps.signer));
  app.use(planStreamRouter(deps.orm, deps.signer));

  // The portal (a static build) is served at / when it has been built: precompressed, hashed
  // assets cached for a year, index.html revalidated (static-files.ts).
  const portalDist = path.join(REPO_ROOT, 'portal', 'dist');
  if (fs.existsSync(path.join(portalDist, 'index.html'))) app.use(portalFiles(portalDist));

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
        stop: async () => {
          await apollo.stop();
        },
      };
    },
  };
}
