import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { build, defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The portal is a static build (portal/dist) that the API server serves at "/" with an SPA
 * fallback. In development Vite serves it and forwards /graphql to the API (npm start).
 */
const API = process.env.KEHOACH_API_URL ?? 'http://127.0.0.1:4000';

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text asset of the build, at the
 * highest levels, once: the server then sends them as they are, without compressing per request
 * (api/src/core/static-files.ts; issue 14 — the portal went out uncompressed).
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'kehoach-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const body = fs.readFileSync(file);
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(body, {
            params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
          }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
      }
    },
  };
}

const RESOLVE: UserConfig['resolve'] = {
  // Packages the portal never calls but that dependencies load (see each stub for why).
  alias: {
    papaparse: fileURLToPath(new URL('./src/stubs/papaparse.ts', import.meta.url)),
    'object-inspect': fileURLToPath(new URL('./src/stubs/object-inspect.cjs', import.meta.url)),
  },
};

/**
 * The first pages' scripts in a few files instead of some seventy (issue 14). Rolldown splits by
 * "which of the ~40 lazy pages reach this module", so a cold visit to the plans list fetched 73
 * scripts: over HTTP/1.1's six connections at a phone's 150 ms round trip, a dozen round trips of
 * waiting on top of the bytes, with the page's first requests queued behind them.
 *
 * A first, quick build (unminified, in memory) tells which modules each first page (FIRST_PAGES)
 * really loads — after tree-shaking, which a walk of the import graph cannot know with barrels
 * like antd's index. Then every module of the entry's load goes in one chunk ("boot"), and every
 * module a first page loads goes in the chunk of the set of first pages that load it. A first page
 * therefore loads exactly the modules it loaded before (the budgets of
 * tests/portal/weight.test.ts see the same bytes) in a handful of files; a later page that shares
 * a module with a first page loads that module's chunk whole (usually already cached). Everything
 * else is split as Rolldown does by default.
 */
/** Below this (unminified bytes), a set's scripts go in boot rather than in a file of their own. */
const SMALL_SET_BYTES = 4096;
/** Each first page with the lazy parts it shows at once (the desk's units overview). */
const FIRST_PAGES = [
  ['src/auth/SignInPage.tsx'],
  ['src/layout/SignedInFrame.tsx'],
  ['src/plans/PlanListPage.tsx'],
  ['src/home/HomePage.tsx', 'src/home/UnitsOverview.tsx'],
  ['src/plans/PlanPage.tsx'],
];

function firstPagesChunks(): { plugin: Plugin; groups: { name: string; test: (id: string) => boolean; priority: number }[] } {
  const keyOf = new Map<string, string>();
  const plugin: Plugin = {
    name: 'kehoach-first-pages-chunks',
    apply: (_config, env) => env.command === 'build' && !process.env.KEHOACH_CHUNK_SURVEY,
    async buildStart() {
      keyOf.clear();
      const root = path.dirname(fileURLToPath(import.meta.url));
      process.env.KEHOACH_CHUNK_SURVEY = '1';
      // Read before Vite drops the chunks that hold only style sheets (their modules need a set too).
      const chunks = new Map<string, { imports: string[]; moduleIds: string[]; size: (id: string) => number }>();
      const survey: Plugin = {
        name: 'kehoach-chunk-survey',
        enforce: 'pre',
        generateBundle(_options, bundle) {
          for (const o of Object.values(bundle)) if (o.type === 'chunk') {
              const sizes = new Map(Object.entries(o.modules).map(([id, m]) => [id, m.renderedLength]));
              chunks.set(o.fileName, { imports: [...o.imports], moduleIds: [...o.moduleIds], size: (id) => sizes.get(id) ?? 0 });
            }
        },
      };
      try {
        await build({
          root,
          configFile: false,
          logLevel: 'silent',
          plugins: [react(), survey],
          resolve: RESOLVE,
          build: { write: false, minify: false, sourcemap: false, reportCompressedSize: false, modulePreload: false },
        });
      } finally {
        delete process.env.KEHOACH_CHUNK_SURVEY;
      }
      const closure = (file: string, seen = new Set<string>()) => {
        if (!seen.has(file)) {
          seen.add(file);
          for (const next of chunks.get(file)!.imports) closure(next, seen);
        }
        return seen;
      };
      const chunkOf = (module: string) => [...chunks].find(([, c]) => c.moduleIds.includes(module))?.[0];
      const entry = chunkOf(path.resolve(root, 'src/main.tsx'));
      if (!entry) throw new Error('chunk survey: no entry chunk');
      const boot = closure(entry);
      const reach = new Map<string, number[]>();
      FIRST_PAGES.forEach((modules, i) => {
        const files = new Set<string>();
        for (const page of modules) {
          const file = chunkOf(path.resolve(root, page));
          if (!file) throw new Error(`chunk survey: first page ${page} is not in the build`);
          closure(file, files);
        }
        for (const f of files) if (!boot.has(f)) reach.set(f, [...(reach.get(f) ?? []), i]);
      });
      for (const f of boot) for (const m of chunks.get(f)!.moduleIds) keyOf.set(m, 'boot');
      const sets = new Map<string, { id: string; size: number }[]>();
      for (const [f, pages] of reach)
        for (const id of chunks.get(f)!.moduleIds) {
          const key = pages.join('-');
          sets.set(key, [...(sets.get(key) ?? []), { id, size: chunks.get(f)!.size(id) }]);
        }
      for (const [key, modules] of sets) {
        // A set of a few hundred bytes would cost a phone a round trip for nothing: its scripts go
        // to boot (style sheets stay with their pages, so that boot's styles do not change).
        const small = modules.reduce((sum, m) => sum + m.size, 0) < SMALL_SET_BYTES;
        for (const m of modules) keyOf.set(m.id, small && !/\.css($|\?)/.test(m.id) ? 'boot' : key);
      }
    },
  };
  // One group per set of first pages. A set's modules import only modules of its supersets or of
  // boot, so the larger sets are taken first (a group takes its modules' imports along).
  const sets = Array.from({ length: 2 ** FIRST_PAGES.length - 1 }, (_, n) => FIRST_PAGES.map((_, i) => i).filter((i) => (n + 1) & (1 << i)));
  const groups = [
    { name: 'boot', test: (id: string) => keyOf.get(id) === 'boot', priority: 100 },
    ...sets.map((pages) => ({
      name: pages.map((i) => path.basename(FIRST_PAGES[i][0], '.tsx')).join('-'),
      test: (id: string) => keyOf.get(id) === pages.join('-'),
      priority: pages.length,
    })),
  ];
  return { plugin, groups };
}

const chunking = firstPagesChunks();

export default defineConfig({
  plugins: [react(), precompress(), chunking.plugin],
  resolve: RESOLVE,
  server: {
    port: 5173,
    proxy: { '/graphql': { target: API, changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: { output: { codeSplitting: { groups: chunking.groups } } },
  },
});
