import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The portal is a static build (portal/dist) that the API server serves at "/" with an SPA
 * fallback. In development Vite serves it and forwards /graphql to the API (npm start).
 */
const API = process.env.KEHOACH_API_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [react()],
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
