import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Issue 15: the layers point one way (docs/ARCHITECTURE.md, "Layers"). core/ is plumbing that
 * knows no feature: it imports nothing under modules/; the composition root (api/src/app.ts)
 * hands the modules' resolvers, loaders, principal resolver and routes to it. Within the
 * modules, plans/ (the document and its store) knows nothing of derivation/, which builds on it.
 * This scan parses the import specifiers of every .ts file of api/src, tests of api/src included.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const SRC = path.join(ROOT, 'api', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every module specifier of a file: static imports and re-exports, `import type`, bare side-effect imports, import(). */
function specifiers(file: string): string[] {
  const text = fs
    .readFileSync(file, 'utf8')
    // Comments may name files ("core/loaders.ts imports them") without importing them.
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bdeclare\s+module\s+['"]([^'"]+)['"]/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]);
  return found;
}

interface Edge {
  from: string;
  to: string;
}

/** The import graph of api/src: an edge per relative import, both ends as paths relative to api/src. */
function importGraph(): Edge[] {
  return sources(SRC).flatMap((file) =>
    specifiers(file)
      .filter((s) => s.startsWith('.'))
      .map((s) => ({
        from: path.relative(SRC, file).split(path.sep).join('/'),
        to: path
          .relative(SRC, path.resolve(path.dirname(file), s))
          .split(path.sep)
          .join('/')
          .replace(/\.js$/, '.ts'),
      })),
  );
}

const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
const show = (edges: Edge[]) => edges.map((e) => `${e.from} → ${e.to}`);

describe('the layers point one way', () => {
  const graph = importGraph();

  it('parses the imports of every file (the scan sees real edges)', () => {
    expect(sources(SRC).length).toBeGreaterThan(150);
    expect(graph.length).toBeGreaterThan(500);
    // Edges the layering relies on are seen: modules import core, and the root imports modules.
    expect(graph.some((e) => under(e.from, 'modules') && under(e.to, 'core'))).toBe(true);
    expect(graph.some((e) => e.from === 'app.ts' && under(e.to, 'modules'))).toBe(true);
    // Every relative import names a file that exists: a misparsed specifier would hide an edge.
    const missing = graph.filter((e) => !fs.existsSync(path.join(SRC, e.to)) && !fs.existsSync(path.join(SRC, e.to, 'index.ts')));
    expect(show(missing)).toEqual([]);
  });

  it('core/ imports no feature module (modules/)', () => {
    expect(show(graph.filter((e) => under(e.from, 'core') && under(e.to, 'modules')))).toEqual([]);
  });

  it('core/ does not import the composition root, the start path or the seeds', () => {
    const above = (to: string) => ['app.ts', 'boot.ts', 'main.ts'].includes(to) || under(to, 'seed') || under(to, 'scripts');
    expect(show(graph.filter((e) => under(e.from, 'core') && above(e.to)))).toEqual([]);
  });

  it('modules/ do not import the composition root', () => {
    expect(show(graph.filter((e) => under(e.from, 'modules') && ['app.ts', 'boot.ts', 'main.ts'].includes(e.to)))).toEqual([]);
  });

  it('plans/ imports nothing of derivation/', () => {
    expect(show(graph.filter((e) => under(e.from, 'modules/plans') && under(e.to, 'modules/derivation')))).toEqual([]);
  });
});
