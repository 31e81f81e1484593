import type { ReactNode } from 'react';
import { Flex } from 'antd';
import { usePageTitle } from './page-title';

/**
 * The frame of every screen: its one <h1> title (also the browser tab's title), one line saying
 * what the screen is for, and actions. On a phone the actions wrap below the title. Plain
 * elements: antd's Typography would bring its editing and copying code into every first load.
 */
export function PageFrame({
  title,
  documentTitle,
  subtitle,
  extra,
  children,
}: {
  title: ReactNode;
  /** The tab's title when `title` is not plain text. */
  documentTitle?: string;
  subtitle?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  usePageTitle(documentTitle ?? (typeof title === 'string' ? title : null));
  return (
    <div className="page-frame">
      <Flex justify="space-between" align="flex-start" gap={12} wrap className="page-frame-head">
        <div className="page-frame-heading">
          <h1 className="page-title">{title}</h1>
          {subtitle && <div className="text-secondary">{subtitle}</div>}
        </div>
        {extra && (
          <Flex gap={8} wrap className="page-frame-extra">
            {extra}
          </Flex>
        )}
      </Flex>
      {children}
    </div>
  );
}
