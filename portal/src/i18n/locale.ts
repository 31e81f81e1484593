import { useSyncExternalStore } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import 'dayjs/locale/en';
import en from './en.json';
import vi from './vi.json';
import { translateWith, type Messages } from './translate';

/** Vietnamese first; English for the occasional foreign reader and for integrators. */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
const STORAGE_KEY = 'kehoach.locale';

export const MESSAGES: Record<Locale, Messages> = { vi, en };

function readStored(): Locale {
  try {
    const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

let current: Locale = readStored();
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
  return translateWith(MESSAGES[current], current === DEFAULT_LOCALE ? null : MESSAGES[DEFAULT_LOCALE], key, options, defaultMessage);
}

export function useLocale(): Locale {
  return useSyncExternalStore(localeStore.subscribe, localeStore.get, localeStore.get);
}
