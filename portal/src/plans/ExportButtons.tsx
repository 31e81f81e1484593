import { useState } from 'react';
import { App, Button } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { tokenStore } from '../auth/token-store';
import { exportFailure, fileNameFrom, type ExportFormat as Format } from './download';

/**
 * "Tải .docx" and "Tải PDF": the export needs the session's Authorization header, so the file is
 * fetched with the token and saved from a blob rather than opened as a plain link.
 */
export function ExportButtons({ planId, fallbackName }: { planId: string; fallbackName: string }) {
  const translate = useTranslate();
  const { notification } = App.useApp();
  const [busy, setBusy] = useState<Format | null>(null);

  const download = async (format: Format) => {
    setBusy(format);
    let response: Response | null = null;
    try {
      const token = tokenStore.token();
      response = await fetch(`/api/plans/${encodeURIComponent(planId)}/export.${format}`, {
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
      const key = exportFailure(response, format);
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
