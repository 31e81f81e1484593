import type { KeyboardEvent } from 'react';
import { DatePicker } from 'antd';
import type { DatePickerProps } from 'antd';
import type { RangePickerProps } from 'antd/es/date-picker';
import { useTranslate } from '@refinedev/core';

/** How officials type and read dates: dd/mm/yyyy (the one format of every date field). */
export const DATE_FORMAT = 'DD/MM/YYYY';

/**
 * Enter in a date field confirms the typed date and nothing else: without this the browser takes
 * it as "submit the form", and a whole editor was saved half-filled (issue 14).
 */
function keepEnterInField(e: KeyboardEvent<HTMLElement>) {
  if (e.key === 'Enter') e.preventDefault();
}

/** A date field (dd/mm/yyyy) that never submits its form. */
export function DateInput(props: DatePickerProps) {
  const translate = useTranslate();
  return (
    <DatePicker
      format={DATE_FORMAT}
      placeholder={translate('plans.datePlaceholder')}
      {...props}
      onKeyDown={(e, preventDefault) => {
        keepEnterInField(e);
        props.onKeyDown?.(e, preventDefault);
      }}
    />
  );
}

/** A period field (from – to, dd/mm/yyyy) that never submits its form. */
export function DateRangeInput(props: RangePickerProps) {
  const translate = useTranslate();
  return (
    <DatePicker.RangePicker
      format={DATE_FORMAT}
      placeholder={[translate('plans.from'), translate('plans.to')]}
      {...props}
      onKeyDown={(e, preventDefault) => {
        keepEnterInField(e);
        props.onKeyDown?.(e, preventDefault);
      }}
    />
  );
}
