import { useRef, useState } from 'react';
import { Alert, App, Button, Modal, Table } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { tokenStore } from '../auth/token-store';
import { describeError } from '../common/describe-error';
import { useMutationRunner } from '../common/use-gql';
import { useNotify } from '../common/use-notify';
import type { ImportReportFiguresMutation } from '../graphql/generated';
import { fileNameFrom } from '../plans/download';
import { toHttpError, type ApiError } from '../providers/errors';
import { IMPORT_REPORT_FIGURES } from './reports.graphql';

/*
 * The figures table as .xlsx (docs/REPORTS.md, "Figures as a spreadsheet"): a download of the
 * report's (or a milestone's) workbook, and for editors of a draft an import — choose a file, see
 * what it would change and what it holds that is not imported, then save. The server reads the
 * file; nothing of a spreadsheet library comes to the portal.
 */

type Preview = ImportReportFiguresMutation['importReportFigures'];

/** "Tải bảng số liệu (.xlsx)": fetched with the session's token and saved from a blob. */
export function FiguresDownload({ path, label, fallbackName }: { path: string; label: string; fallbackName: string }) {
  const translate = useTranslate();
  const { notification } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const token = tokenStore.token();
      const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = fileNameFrom(response.headers.get('content-disposition'), `${fallbackName}.xlsx`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      notification.error({ message: translate('reports.xlsx.downloadFailed'), placement: 'topRight', duration: 8 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined aria-hidden />} loading={busy} onClick={() => void download()}>
      {translate(label)}
    </Button>
  );
}

/** The file as base64, as importReportFigures takes it. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The report's download and, for its editors while it is a draft, "Nhập từ Excel". */
export function FiguresXlsx({
  report,
  editable,
  onSaved,
}: {
  report: { id: string; version: number };
  editable: boolean;
  onSaved: () => void;
}) {
  const translate = useTranslate();
  const notify = useNotify();
  const { run, isPending } = useMutationRunner();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const send = (content: string, name: string, dryRun: boolean, previewDigest?: string) =>
    run<ImportReportFiguresMutation>(IMPORT_REPORT_FIGURES, {
      input: { reportId: report.id, version: report.version, fileName: name, contentBase64: content, dryRun, previewDigest },
    });
  const choose = async (chosen: File | undefined) => {
    if (!chosen) return;
    setError(null);
    setPreview(null);
    try {
      const content = await base64Of(chosen);
      setFile({ name: chosen.name, content });
      setPreview((await send(content, chosen.name, true)).importReportFigures);
    } catch (e) {
      setFile((f) => f ?? { name: chosen.name, content: '' });
      setError(toHttpError(e));
    }
  };
  const save = async () => {
    if (!file || !preview) return;
    setError(null);
    try {
      const r = await send(file.content, file.name, false, preview.previewDigest);
      notify.success(translate('reports.xlsx.saved', { count: r.importReportFigures.changes.length }));
      close();
      onSaved();
    } catch (e) {
      setError(toHttpError(e));
    }
  };
  const close = () => {
    setFile(null);
    setPreview(null);
    setError(null);
    if (input.current) input.current.value = '';
  };

  return (
    <div className="report-xlsx" data-testid="report-xlsx">
      <FiguresDownload path={`/api/reports/${encodeURIComponent(report.id)}/figures.xlsx`} label="reports.xlsx.download" fallbackName="so-lieu-bao-cao" />
      {editable && (
        <>
          <input
            ref={input}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            hidden
            data-testid="report-xlsx-file"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
          <Button icon={<UploadOutlined aria-hidden />} loading={isPending && !file} onClick={() => input.current?.click()}>
            {translate('reports.xlsx.import')}
          </Button>
        </>
      )}
      {file && (
        <Modal
          open
          width={880}
          title={translate('reports.xlsx.previewTitle', { file: file.name })}
          okText={translate('reports.xlsx.save')}
          cancelText={translate('reports.xlsx.cancel')}
          okButtonProps={{ disabled: !preview || preview.changes.length === 0, loading: isPending }}
          onOk={() => void save()}
          onCancel={close}
        >
          {error && <XlsxError error={error} />}
          {!preview && !error && <p>{translate('reports.xlsx.reading')}</p>}
          {preview && <PreviewBody preview={preview} />}
        </Modal>
      )}
    </div>
  );
}

/** A refusal: the cell and the reason in words (reports.xlsx.reasons), else the general wording. */
function XlsxError({ error }: { error: ApiError }) {
  const translate = useTranslate();
  const x = error.extensions ?? {};
  const specific =
    error.reason &&
    translate(
      `reports.xlsx.reasons.${error.reason}`,
      {
        cell: x.cell ?? '',
        value: x.value ?? '',
        sheets: Array.isArray(x.sheets) ? x.sheets.join(', ') : '',
        sum: x.sumFromBelow ?? '',
      },
      '',
    );
  const general = describeError(error, translate);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="report-xlsx-error"
      className="report-alert"
      message={general.title}
      description={specific || general.description}
    />
  );
}

function PreviewBody({ preview }: { preview: Preview }) {
  const translate = useTranslate();
  const field = (f: string | null) => (f ? translate(`reports.xlsx.fields.${f}`) : '');
  const value = (v: string | null) => v ?? translate('reports.xlsx.empty');
  return (
    <div data-testid="report-xlsx-preview">
      <h3 className="report-part-title">{translate('reports.xlsx.changes', { count: preview.changes.length })}</h3>
      {preview.changes.length === 0 ? (
        <p className="text-secondary">{translate('reports.xlsx.noChanges')}</p>
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey={(c) => `${c.targetId}-${c.field}`}
          dataSource={preview.changes}
          scroll={{ x: true }}
          columns={[
            { title: translate('reports.xlsx.target'), render: (_, c) => `${c.metric} (${c.unitOfMeasure})` },
            { title: translate('reports.xlsx.field'), render: (_, c) => field(c.field) },
            { title: translate('reports.xlsx.before'), render: (_, c) => value(c.before) },
            { title: translate('reports.xlsx.after'), render: (_, c) => <strong>{value(c.after)}</strong> },
            { title: translate('reports.xlsx.cell'), dataIndex: 'cell' },
          ]}
        />
      )}
      {preview.warningCount > 0 && (
        <>
          <h3 className="report-part-title">{translate('reports.xlsx.warnings', { count: preview.warningCount })}</h3>
          <ul className="report-xlsx-warnings" data-testid="report-xlsx-warnings">
            {preview.warnings.map((w, i) => (
              <li key={i}>
                {translate(`reports.xlsx.warningCodes.${w.code}`, {
                  unit: w.unitName ?? '',
                  metric: w.metric ?? '',
                  field: field(w.field),
                  cell: w.cell ?? '',
                  inFile: value(w.inFile),
                  current: value(w.current),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
