import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
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

export default defineConfig({
  plugins: [react(), precompress()],
  resolve: {
    // Packages the portal never calls but that dependencies load (see each stub for why).
    alias: {
      papaparse: fileURLToPath(new URL('./src/stubs/papaparse.ts', import.meta.url)),
      'object-inspect': fileURLToPath(new URL('./src/stubs/object-inspect.cjs', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: { '/graphql': { target: API, changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2500,
  },
});
