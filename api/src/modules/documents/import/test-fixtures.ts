/**
 * Fixtures for the importer's tests: the four seed plans, and .docx files built from them with
 * the `docx` package (a devDependency; this file is only imported by tests).
 */
import { readFileSync } from 'node:fs';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, TextRun } from 'docx';
import { readLabel } from './labels.js';

export const SEEDS = {
  laoCai: 'province-lao-cai-2024-peak-campaign',
  bacGiang: 'province-bac-giang-2024-action-month',
  duongQuang: 'commune-duong-quang-2024-drug-free',
  giaLai: 'ward-gia-lai-2025-kl132',
} as const;
export type SeedName = keyof typeof SEEDS;

export function seedText(name: SeedName): string {
  return readFileSync(new URL(`../../../../data/seeds/${SEEDS[name]}.txt`, import.meta.url), 'utf8');
}

/** Markdown emphasis of one line to runs; bold and italics may stay open across lines. */
function runs(text: string, state: { bold: boolean; italics: boolean }): TextRun[] {
  const out: TextRun[] = [];
  for (const part of text.split(/(\*\*|\*)/)) {
    if (part === '**') state.bold = !state.bold;
    else if (part === '*') state.italics = !state.italics;
    else if (part !== '') out.push(new TextRun({ text: part, bold: state.bold, italics: state.italics }));
  }
  return out;
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];

/** One Word paragraph per non-empty source line, bold/italic as runs, "## …" as headings. */
export async function docxFromText(source: string): Promise<Buffer> {
  const state = { bold: false, italics: false };
  const children = source
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const heading = /^(#{1,4})\s+/.exec(line);
      const text = heading ? line.slice(heading[0].length) : line;
      const p = runs(text, state);
      state.bold = false; // the seeds close emphasis on the line it opened, except the signature
      state.italics = false;
      return new Paragraph({ children: p, heading: heading ? HEADINGS[heading[1].length - 1] : undefined });
    });
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/**
 * The same plan with its labels made by Word: section, item, sub-item and point labels become
 * automatic numbering (I., 1., 1.1., a)) and "-" bullets a bullet list; the label text is removed
 * from the paragraph. Only for sources whose own numbering is regular.
 */
export async function docxWithWordNumbering(source: string): Promise<Buffer> {
  const state = { bold: false, italics: false };
  const children: Paragraph[] = [];
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.replace(/^#{1,4}\s+/, '').trim();
    if (line === '') continue;
    const bare = line.replace(/\*/g, '');
    const label = readLabel(bare);
    const level = label ? numberingLevel(label.kind, label.label) : null;
    if (label && level) {
      children.push(new Paragraph({ children: runs(label.rest, state), numbering: level }));
    } else {
      children.push(new Paragraph({ children: runs(line, state) }));
    }
    state.bold = false;
    state.italics = false;
  }
  return Packer.toBuffer(
    new Document({
      numbering: {
        config: [
          {
            reference: 'plan',
            levels: [
              { level: 0, format: LevelFormat.UPPER_ROMAN, text: '%1.', alignment: AlignmentType.START },
              { level: 1, format: LevelFormat.DECIMAL, text: '%2.', alignment: AlignmentType.START },
              { level: 2, format: LevelFormat.DECIMAL, text: '%2.%3.', alignment: AlignmentType.START },
              { level: 3, format: LevelFormat.LOWER_LETTER, text: '%4)', alignment: AlignmentType.START },
            ],
          },
          { reference: 'dash', levels: [{ level: 0, format: LevelFormat.BULLET, text: '-', alignment: AlignmentType.START }] },
        ],
      },
      sections: [{ children }],
    }),
  );
}

function numberingLevel(kind: string, label: string): { reference: string; level: number } | null {
  if (kind === 'SECTION') return { reference: 'plan', level: 0 };
  if (kind === 'ITEM') return { reference: 'plan', level: label.split('.').filter(Boolean).length };
  if (kind === 'POINT') return { reference: 'plan', level: 3 };
  if (kind === 'BULLET' && label === '-') return { reference: 'dash', level: 0 };
  return null;
}
