import { useState } from 'react';
import { App, Button } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { tokenStore } from '../auth/token-store';
import { exportFailure, fileNameFrom, type ExportFormat as Format } from './download';

/**
 * "Tải .docx" and "Tải PDF" of a printed document — a plan (`/api/plans/:id/export`) or a report
 * (`/api/reports/:id/export`): the export needs the session's Authorization header, so the file is
 * fetched with the token and saved from a blob rather than opened as a plain link. `notFoundKey`
 * words a 404 for the kind of document.
 */
export function ExportButtons({
  path,
  fallbackName,
  notFoundKey = 'plans.export.notFound',
}: {
  path: string;
  fallbackName: string;
  notFoundKey?: string;
}) {
  const translate = useTranslate();
  const { notification } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);

  const download = async (format: Format) => {
    setBusy(format);
    let response: Response | null = null;
    try {
      const token = tokenStore.token();
      response = await fetch(`${path}.${format}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameFrom(response.headers.get('content-disposition'), `${fallbackName}.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      const failure = exportFailure(response, format);
      const key = failure === 'plans.export.notFound' ? notFoundKey : failure;
      notification.error({
        message: translate('plans.export.failed', { format: format === 'pdf' ? 'PDF' : '.docx' }),
        description: translate(key),
        placement: 'topRight',
        duration: 8,
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Button icon={<FileWordOutlined  aria-hidden />} loading={busy === 'docx'} onClick={() => void download('docx')}>
        {translate('plans.export.docx')}
      </Button>
      <Button icon={<FilePdfOutlined  aria-hidden />} loading={busy === 'pdf'} onClick={() => void download('pdf')}>
        {translate('plans.export.pdf')}
      </Button>
    </>
  );
}
