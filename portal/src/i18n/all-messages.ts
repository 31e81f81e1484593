import en from './en.json';
import enPages from './en.pages.json';
import vi from './vi.json';
import viPages from './vi.pages.json';
import type { Messages } from './translate';

/*
 * Every message of a language, both files merged (i18n/locale.ts splits them for the first load):
 * for tests and tools, never imported by the portal's pages.
 */

function merged(core: Messages, pages: Messages): Messages {
  const out = structuredClone(core);
  const into = (target: Messages, source: Messages) => {
    for (const [key, value] of Object.entries(source)) {
      const existing = target[key];
      if (typeof value === 'object' && typeof existing === 'object') into(existing, value);
      else target[key] = value;
    }
  };
  into(out, pages);
  return out;
}

export const viAll = merged(vi as Messages, viPages as Messages);
export const enAll = merged(en as Messages, enPages as Messages);
