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
 */
const MESSAGES: Partial<Record<Locale, Messages>> = { vi };
const loaders: Record<Locale, () => Promise<Messages>> = {
  vi: () => Promise.resolve(vi),
  en: () => import('./en.json').then((m) => m.default as Messages),
};

/** Makes sure the messages of `locale` are loaded (before the first render, and on a switch). */
export async function loadMessages(locale: Locale): Promise<void> {
  MESSAGES[locale] ??= await loaders[locale]();
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
    if (!MESSAGES[locale]) {
      void loadMessages(locale).then(() => localeStore.set(locale));
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
  return translateWith(MESSAGES[current] ?? vi, current === DEFAULT_LOCALE ? null : vi, key, options, defaultMessage);
}

export function useLocale(): Locale {
  return useSyncExternalStore(localeStore.subscribe, localeStore.get, localeStore.get);
}
