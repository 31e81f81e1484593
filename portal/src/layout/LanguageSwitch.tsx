import { useTranslation } from '@refinedev/core';
import { LOCALES, type Locale } from '../i18n/locale';

/** Tiếng Việt / English; the choice is remembered in localStorage. Two plain buttons (light, and on every first load). */
export function LanguageSwitch() {
  const { translate, changeLocale, getLocale } = useTranslation();
  const current = getLocale() as Locale;
  return (
    <div role="group" aria-label={translate('language.label')} className="language-switch">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === current}
          title={translate(`language.${l}`)}
          // The name starts with what the button shows ("VI"), as speech-input users say it.
          aria-label={`${l === 'vi' ? 'VI' : 'EN'} (${translate(`language.${l}`)})`}
          onClick={() => changeLocale(l)}
        >
          {l === 'vi' ? 'VI' : 'EN'}
        </button>
      ))}
    </div>
  );
}
