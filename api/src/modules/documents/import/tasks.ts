import type { AgencyRef, TaskFacts } from '../../plans/plan-document.js';
import { AGENCY_START, agencyRef, readAgencyList, readSubject } from './agencies.js';
import { detectTiming } from './timing.js';

/**
 * Who does a node's work. The seeds assign work in these shapes:
 * - a subject at the start: "Công an tỉnh chủ trì, phối hợp với Văn phòng UBND tỉnh và …",
 *   "Sở Văn hóa và Thể thao: Triển khai …", "Giao Công an xã có trách nhiệm …",
 *   "Trạm Y tế: Chủ trì, phối hợp với Công an phường …";
 * - a bracket, usually last: "(Sở Y tế chủ trì phối hợp các sở, ban, ngành, đoàn thể, UBND cấp
 *   huyện, cấp xã thực hiện trong cao điểm và thường xuyên)";
 * - a heading that is only an agency ("1. Công an tỉnh"), whose children are its tasks
 *   (resolved by the caller, which knows the tree);
 * - field bullets under a heading: "Đơn vị chủ trì: …", "Cơ quan phối hợp: …",
 *   "Thời gian thực hiện: …" (also resolved by the caller).
 */

export interface Assignment {
  lead: string[];
  cooperating: string[];
}

const COOPERATE = /^,?\s*phối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s*/iu;
const LEAD_THEN_COOPERATE = /^\s*chủ trì\s*,?\s*(?:phối hợp(?:\s+(?:với|cùng))?\s*)?/iu;

/** The assignment stated by a clause ("X chủ trì, phối hợp với Y …", "X: …", "X thực hiện"). */
export function readAssignment(clause: string): Assignment | null {
  const subject = readSubject(clause);
  if (!subject) return null;
  const { names, verb, rest } = subject;
  if (verb === 'phối hợp') {
    // "X phối hợp (với) Y thực hiện": X does it, Y helps.
    return { lead: names, cooperating: readAgencyList(rest.replace(/^(?:chặt chẽ\s+)?(?:với|cùng)\s+/iu, '')) };
  }
  if (verb === 'chủ trì') {
    const coop = COOPERATE.exec(rest);
    return { lead: names, cooperating: coop ? readAgencyList(rest.slice(coop[0].length)) : [] };
  }
  if (verb === ':') {
    // "Trạm Y tế: Chủ trì, phối hợp với Công an phường và … tham mưu …"
    const lead = LEAD_THEN_COOPERATE.exec(rest);
    const coop = lead && /phối hợp/iu.test(lead[0]) ? readAgencyList(rest.slice(lead[0].length)) : [];
    return { lead: names, cooperating: coop };
  }
  return { lead: names, cooperating: [] };
}

/** Bracketed groups at depth 0, in order ("(1)" enumerators are left out). */
export function brackets(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') {
      if (depth === 0) start = i + 1;
      depth++;
    } else if (text[i] === ')' && depth > 0) {
      depth--;
      if (depth === 0) out.push(text.slice(start, i));
    }
  }
  return out.filter((b) => !/^\d+$/.test(b.trim()));
}

/** The last bracket that assigns the node: it names agencies and says who leads or does it. */
function bracketAssignment(text: string): Assignment | null {
  const candidates = brackets(text)
    .map((b) => b.trim())
    .filter((b) => AGENCY_START.test(b) && /chủ trì|phối hợp|thực hiện/iu.test(b));
  for (const b of candidates.reverse()) {
    const a = readAssignment(b);
    if (a && a.lead.length > 0) return a;
  }
  return null;
}

/**
 * A later clause that names who does it: "Kế hoạch … thực hiện từ ngày …; các sở, ngành, đoàn thể
 * tỉnh và UBND các huyện … căn cứ chức năng, nhiệm vụ xây dựng kế hoạch …".
 */
function clauseAssignment(text: string): Assignment | null {
  for (const clause of text.split(/;\s+/u).slice(1)) {
    const subject = readSubject(clause);
    if (subject && subject.verb !== null && subject.verb !== ':' && subject.verb !== 'number') {
      return readAssignment(clause);
    }
  }
  return null;
}

export interface TaskContext {
  /** The phase key "trong cao điểm" refers to. */
  campaignKey: string | null;
}

/** Task facts a node's own text states, or null when it states none. */
export function ownTaskFacts(text: string, ctx: TaskContext): TaskFacts | null {
  const assignment = bracketAssignment(text) ?? readAssignment(text) ?? clauseAssignment(text);
  const timing = detectTiming(text, ctx.campaignKey);
  if (!assignment && !timing) return null;
  return {
    lead: (assignment?.lead ?? []).map(agencyRef),
    cooperating: (assignment?.cooperating ?? []).map(agencyRef),
    timing,
  };
}

/** "Phối hợp (chặt chẽ) với Công an phường …" at the start of a task whose lead is inherited. */
export function cooperationAtStart(text: string): AgencyRef[] {
  const m = /^Phối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s+/u.exec(text);
  return m ? readAgencyList(text.slice(m[0].length)).map(agencyRef) : [];
}

export type FieldBullet = { field: 'lead' | 'cooperating'; names: string[] } | { field: 'timing' };

/** "Đơn vị chủ trì: Công an tỉnh Lào Cai.", "Cơ quan phối hợp: …", "Thời gian thực hiện: …". */
export function readFieldBullet(text: string): FieldBullet | null {
  const m = /^(Đơn vị|Cơ quan)\s+(chủ trì|phối hợp)\s*:\s*(.+)$/iu.exec(text);
  if (m) {
    const names = readAgencyList(m[3].replace(/\s+phối hợp thực hiện\.?$/u, '')).filter(Boolean);
    return { field: /chủ trì/iu.test(m[2]) ? 'lead' : 'cooperating', names };
  }
  if (/^Thời gian thực hiện\s*:/iu.test(text)) return { field: 'timing' };
  return null;
}
