import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.js';

/*
 * Code cites the repository's own docs (docs/), never files outside it: the team's notes beside
 * the repository are not on a user's machine, in CI's clone or in a reader's checkout.
 */

const SCANNED = ['api/src', 'portal/src', 'tests', 'api/data/README.md', 'docs', 'eslint.config.js', 'vitest.config.ts'];
const SKIPPED = new Set(['node_modules', 'dist', 'artifacts', 'results']);
const THIS_FILE = path.relative(REPO_ROOT, new URL(import.meta.url).pathname);

/** Citations of documents outside the repository, and of docs/ files that do not exist. */
export function foreignCitations(text: string, docsPresent: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\.\.\/shared\b|(?<![\w./-])shared\/[\w.-]+/g)) found.push(m[0]);
  // The design notes by name or section, unless as the repository's own docs/<NAME>.md.
  for (const m of text.matchAll(
    /(?<!docs\/)\b(?:DESIGN|GLOSSARY|CONVENTIONS|STACK-NOTES|DOCUMENT-FORMAT)(?:\.md\b|\s*§|\b(?=[\s,:;)]))/g,
  )) {
    found.push(m[0]);
  }
  for (const m of text.matchAll(/\bdocs\/([\w-]+\.md)\b/g)) if (!docsPresent.has(m[1])) found.push(m[0]);
  return found;
}

function filesUnder(rel: string): string[] {
  const abs = path.join(REPO_ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((e) => !SKIPPED.has(e.name))
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(rel, e.name)) : /\.(tsx?|js|md)$/.test(e.name) ? [path.join(rel, e.name)] : [],
    );
}

describe('citations of documentation', () => {
  const docs = new Set(fs.readdirSync(path.join(REPO_ROOT, 'docs')));

  it('recognises a citation outside the repository, and one of a docs/ file that does not exist', () => {
    expect(foreignCitations('// see DESIGN §6', docs)).toEqual(['DESIGN §']);
    expect(foreignCitations('/* shared/DESIGN.md and ../shared/data */', docs)).toEqual(
      expect.arrayContaining(['../shared', 'shared/DESIGN.md']),
    );
    expect(foreignCitations('(STACK-NOTES measured it)', docs)).toEqual(['STACK-NOTES']);
    expect(foreignCitations('see GLOSSARY.md', docs)).toEqual(['GLOSSARY.md']);
    expect(foreignCitations('docs/NOWHERE.md', docs)).toEqual(['docs/NOWHERE.md']);
    expect(foreignCitations('docs/DESIGN.md §6, docs/ACCESS.md, docs/DOCUMENT-FORMAT.md', docs)).toEqual([]);
    // Words that merely contain the names are no citations.
    expect(foreignCitations('const DESIGN_WIDTH = 3; a shared catalogue; node_modules/x/shared.js', docs)).toEqual([]);
  });

  it('code, tests and docs cite only docs/ files that exist', () => {
    const offences = SCANNED.flatMap(filesUnder)
      .filter((f) => f !== THIS_FILE)
      .flatMap((f) => foreignCitations(fs.readFileSync(path.join(REPO_ROOT, f), 'utf8'), docs).map((c) => `${f}: ${c}`));
    expect(offences).toEqual([]);
  });
});
