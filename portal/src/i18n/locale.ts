import { useSyncExternalStore } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import vi from './vi.json';
import { translateWith, type Messages } from './translate';

/** Vietnamese first; English for the occasional foreign reader and for integrators. */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
const STORAGE_KEY = 'kehoach.locale';

/**
 * Vietnamese is in the first load; English is fetched when chosen (issue 14: first-load weight).
 * dayjs has English built in.
 *
 * Each language's messages come in two files: what the first pages say (vi.json: the shell,
 * sign-in, the plans list, notices, errors) and what every other page says (vi.pages.json), fetched
 * with the first page that needs it — lazyPage and lazyComponent wait for it (docs/ARCHITECTURE.md,
 * "Portal"). A key a first page shows must be in vi.json (i18n.test.ts checks the first pages).
 */
const MESSAGES: Partial<Record<Locale, Messages>> = { vi: structuredClone(vi) as Messages };
const loaders: Record<Locale, () => Promise<Messages>> = {
  vi: () => Promise.resolve(structuredClone(vi) as Messages),
  en: () => import('./en.json').then((m) => structuredClone(m.default) as Messages),
};
const pageLoaders: Record<Locale, () => Promise<Messages>> = {
  vi: () => import('./vi.pages.json').then((m) => m.default as Messages),
  en: () => import('./en.pages.json').then((m) => m.default as Messages),
};

const messagesLoading = new Map<Locale, Promise<void>>();

/**
 * Makes sure the messages of `locale` are loaded (before the first render, and on a switch). One
 * load per language, however many ask at once: the boot asks for them and for the pages' words
 * together (App.tsx, `startFirstScreen`), and a second, later copy of the first file would replace
 * the one the pages' words were merged into — a page reloaded in English showed them in Vietnamese.
 */
export function loadMessages(locale: Locale): Promise<void> {
  if (MESSAGES[locale]) return Promise.resolve();
  let loading = messagesLoading.get(locale);
  if (!loading) {
    loading = loaders[locale]().then((messages) => {
      MESSAGES[locale] ??= messages;
    });
    messagesLoading.set(locale, loading);
  }
  return loading;
}

const pagesLoaded = new Set<Locale>();
const pagesLoading = new Map<Locale, Promise<void>>();
let pagesWanted = false;

function mergeInto(target: Messages, source: Messages): void {
  for (const [key, value] of Object.entries(source)) {
    const into = target[key];
    if (typeof value === 'object' && typeof into === 'object') mergeInto(into, value);
    else target[key] = value;
  }
}

function loadPagesOf(locale: Locale): Promise<void> {
  if (pagesLoaded.has(locale)) return Promise.resolve();
  let loading = pagesLoading.get(locale);
  if (!loading) {
    loading = Promise.all([loadMessages(locale), pageLoaders[locale]()]).then(([, pack]) => {
      mergeInto(MESSAGES[locale]!, pack);
      pagesLoaded.add(locale);
    });
    pagesLoading.set(locale, loading);
  }
  return loading;
}

/** The messages of every page beyond the first ones, in the current language and Vietnamese (the fallback). */
export async function loadPageMessages(): Promise<void> {
  pagesWanted = true;
  await Promise.all([loadPagesOf(current), loadPagesOf(DEFAULT_LOCALE)]);
}

function readStored(): Locale {
  try {
    const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

let current: Locale = readStored();
/** The stored language, to load before the first render. */
export const initialLocale = current;
const listeners = new Set<() => void>();

function apply(locale: Locale) {
  dayjs.locale(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
apply(current);

/** The chosen language, remembered in localStorage; components follow it through useLocale(). */
export const localeStore = {
  get: (): Locale => current,
  set(locale: Locale) {
    if (!(LOCALES as readonly string[]).includes(locale) || locale === current) return;
    if (!MESSAGES[locale] || (pagesWanted && !pagesLoaded.has(locale))) {
      void Promise.all([loadMessages(locale), pagesWanted ? loadPagesOf(locale) : null]).then(() => localeStore.set(locale));
      return;
    }
    current = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // private mode: the choice lasts for this page only
    }
    apply(locale);
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Translates in the current language (for code outside React, e.g. the auth provider). */
export function t(key: string, options?: Record<string, unknown> | string, defaultMessage?: string): string {
  return translateWith(MESSAGES[current] ?? MESSAGES.vi!, current === DEFAULT_LOCALE ? null : MESSAGES.vi!, key, options, defaultMessage);
}

export function useLocale(): Locale {
  return useSyncExternalStore(localeStore.subscribe, localeStore.get, localeStore.get);
}
