import fs from 'node:fs';
import path from 'node:path';
import type { AgencyRef, PlanDocument, DocNode, Timing } from '../modules/plans/plan-document.js';
import { importPool } from '../modules/documents/import/import-pool.js';
import type { ImportReport } from '../modules/documents/import/parse-plan-text.js';

/**
 * Imports a plan (.txt/.md or .docx) and prints what the importer understood:
 *   node --import tsx api/src/scripts/import.ts <file> [--json]
 * The file is read exactly as the importPlan mutation reads it (the import pool's worker, with
 * its limits and budgets). The outline shows the node tree with task facts, targets with their
 * allocations and sum check, phases, milestones, recipients, signature and the import report.
 */

const WIDTH = 100;

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const files = argv.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    console.error('usage: import.ts <plan.txt|plan.md|plan.docx|plan.pdf> [--json]');
    return 2;
  }
  const file = files[0];
  const { document, report } = await importPool().read(fs.readFileSync(file), path.basename(file));
  if (json) console.log(JSON.stringify({ document, report }, null, 2));
  else console.log(outline(document, report));
  return 0;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function agency(r: AgencyRef): string {
  return `${r.name}${r.subordinateCommittees ? ' (mọi đơn vị cấp dưới)' : ''} [${r.sector ?? '?'}]`;
}

function timing(t: Timing): string {
  const when =
    t.kind === 'BY_DATE'
      ? `trước ${t.dueDate}`
      : t.kind === 'WITHIN_PERIOD'
        ? `${t.periodStart ?? '…'} → ${t.periodEnd ?? '…'}`
        : t.kind === 'DURING_PHASE'
          ? `trong giai đoạn ${t.phaseKey ?? '?'}`
          : 'thường xuyên';
  return `${t.kind} ${when}${t.recurring && t.kind !== 'RECURRING' ? ' + thường xuyên' : ''}`;
}

function outline(doc: PlanDocument, report: ImportReport): string {
  const out: string[] = [];
  const h = doc.header;
  out.push(`${h.documentKind || '(no kind line)'}: ${h.title}`);
  if (h.issuingBody) out.push(`  Cơ quan ban hành: ${h.issuingBody.replace(/\n/g, ' / ')}`);
  out.push(`  Số: ${h.number ?? '…'}/${h.symbol ?? '…'} · ${h.dateLine ?? '(no date line)'} · issued ${h.issuedDate ?? '—'}`);

  out.push('', `Căn cứ (${doc.legalBases.length})`);
  doc.legalBases.forEach((b, i) =>
    out.push(`  ${i + 1}. ${b.type} ${b.number ?? '—'} · ${b.date ?? '—'} · ${b.issuer ?? '—'}${b.title ? ` · ${clip(b.title, 60)}` : ''}`),
  );

  out.push('', `Nội dung (${doc.nodes.length} nodes)`);
  const depth = new Map<string, number>();
  for (const n of doc.nodes) {
    const d = n.parentKey ? (depth.get(n.parentKey) ?? 0) + 1 : 0;
    depth.set(n.key, d);
    const pad = '  '.repeat(d + 1);
    out.push(`${pad}${n.label ?? '¶'} ${clip(n.text, WIDTH - pad.length - 8)}  ‹${n.key}›`);
    for (const line of taskLines(n)) out.push(`${pad}    ${line}`);
  }

  const tasks = doc.nodes.filter((n) => n.task);
  const lacking = tasks.filter((n) => !n.task!.lead.length || !n.task!.timing);
  out.push('', `Nhiệm vụ: ${tasks.length} nodes with task facts; ${lacking.length} lack a lead or a timing ("4 rõ")`);

  out.push('', `Chỉ tiêu (${doc.targets.length})`);
  for (const t of doc.targets) {
    const period = t.periodStart || t.periodEnd ? ` · ${t.periodStart ?? '…'} → ${t.periodEnd ?? '…'}` : '';
    const extra = [t.phaseKey ? `phase ${t.phaseKey}` : '', t.year ? `năm ${t.year}` : '', t.responsible ? agency(t.responsible) : '']
      .filter(Boolean)
      .join(' · ');
    out.push(
      `  ${t.key} ‹${t.nodeKey}› ${t.comparator} ${t.value ?? '—'} ${t.unitOfMeasure} · ${clip(t.metric, 60)}${period}${extra ? ` · ${extra}` : ''}`,
    );
    if (t.allocations.length > 0) {
      const sum = t.allocations.reduce((s, a) => s + a.value, 0);
      const check =
        t.value === null ? `sum ${sum} (no total given)` : sum === t.value ? `sum ${sum} = total ✓` : `sum ${sum} ≠ total ${t.value} ✗`;
      out.push(`      ${t.allocations.map((a) => `${a.assignee}: ${a.value}`).join('; ')}`, `      ${check}`);
    }
  }

  out.push('', `Giai đoạn (${doc.phases.length})`);
  for (const p of doc.phases) {
    out.push(`  ${p.key} ${p.name}: ${p.startDate ?? '…'} → ${p.endDate ?? '…'}${p.goal ? ` · mục tiêu: ${clip(p.goal, 60)}` : ''}`);
  }
  out.push('', `Mốc báo cáo (${doc.milestones.length})`);
  for (const m of doc.milestones) {
    out.push(`  ${m.key} ${m.kind} ${m.dueDate ?? '—'} · ${m.title}${m.recipient ? ` → ${clip(m.recipient, 50)}` : ''}`);
  }
  out.push('', `Nơi nhận (${doc.recipients.length})`, ...doc.recipients.map((r) => `  - ${r}`));
  const s = doc.signature;
  out.push('', `Ký: ${[s.authority, s.title, s.signerName].filter(Boolean).join(' / ') || '—'}`);

  out.push('', 'Báo cáo nhập');
  out.push(
    `  unclassified (${report.unclassified.length})`,
    ...report.unclassified.map((u) => `    ‹${u.nodeKey}› "${clip(u.text, 60)}": ${u.reason}`),
  );
  out.push(`  unknown agencies (${report.unknownAgencies.length})`, ...report.unknownAgencies.map((a) => `    ${a}`));
  out.push(`  warnings (${report.warnings.length})`, ...report.warnings.map((w) => `    ${w.code}: ${w.message}`));
  return out.join('\n');
}

function taskLines(n: DocNode): string[] {
  if (!n.task) return [];
  const lines: string[] = [];
  if (n.task.lead.length) lines.push(`chủ trì: ${n.task.lead.map(agency).join('; ')}`);
  if (n.task.cooperating.length) lines.push(`phối hợp: ${n.task.cooperating.map(agency).join('; ')}`);
  if (n.task.timing) lines.push(`thời hạn: ${timing(n.task.timing)}`);
  return lines.map((l) => `↳ ${l}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A refused file (NOT_DOCX, EMPTY, TOO_LARGE …) is the user's input: its code, reason and message are enough.
    const ext = (err as { extensions?: { code?: string; reason?: string } }).extensions;
    console.error(ext?.reason ? `${ext.code} ${ext.reason}: ${(err as Error).message}` : err);
    process.exit(1);
  },
);
