import { Segmented } from 'antd';
import { useTranslation } from '@refinedev/core';
import { LOCALES, type Locale } from '../i18n/locale';

/** Tiếng Việt / English; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  const { translate, changeLocale, getLocale } = useTranslation();
  return (
    <Segmented<Locale>
      size="small"
      value={getLocale() as Locale}
      onChange={(value) => changeLocale(value)}
      options={LOCALES.map((l) => ({ value: l, label: l === 'vi' ? 'VI' : 'EN', title: translate(`language.${l}`) }))}
      aria-label={translate('language.label')}
      className="language-switch"
    />
  );
}
