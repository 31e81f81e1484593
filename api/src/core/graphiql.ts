import path from 'node:path';
import { createRequire } from 'node:module';
import express from 'express';

const require = createRequire(import.meta.url);
const asset = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

/** GraphiQL served entirely from installed packages: government networks have no CDN access. */
export function graphiqlAssets() {
  const files: Record<string, string> = {
    'react.js': asset('react', 'umd/react.production.min.js'),
    'react-dom.js': asset('react-dom', 'umd/react-dom.production.min.js'),
    'graphiql.js': asset('graphiql', 'graphiql.min.js'),
    'graphiql.css': asset('graphiql', 'graphiql.min.css'),
  };
  const router = express.Router();
  router.get('/:file', (req, res) => {
    const file = files[req.params.file];
    if (!file) return res.status(404).end();
    res.sendFile(file, { maxAge: '1d' });
  });
  return router;
}

export function graphiqlPage(): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<title>kehoach — GraphiQL</title>
<link rel="stylesheet" href="/graphiql/assets/graphiql.css" />
<style>body{margin:0;height:100vh}#graphiql{height:100vh}</style>
</head>
<body>
<div id="graphiql">Đang tải…</div>
<script src="/graphiql/assets/react.js"></script>
<script src="/graphiql/assets/react-dom.js"></script>
<script src="/graphiql/assets/graphiql.js"></script>
<script>
  // Paste an access token or API key in the Headers tab: {"Authorization": "Bearer …"} or {"Authorization": "ApiKey kh_…"}.
  const fetcher = GraphiQL.createFetcher({ url: '/graphql', headers: { 'apollo-require-preflight': 'true' } });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }));
</script>
</body>
</html>`;
}
