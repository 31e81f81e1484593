import { useState } from 'react';
import { Button, Flex, Form, Input, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslate } from '@refinedev/core';
import { ConflictAlert } from '../common/ConflictAlert';
import { DateRangeInput } from '../common/DateInput';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import { useGqlMutation } from '../common/use-gql';
import { useNotify } from '../common/use-notify';
import type { ReportTaskStatus } from '../graphql/generated';
import { toHttpError, type ApiError } from '../providers/errors';
import { UPDATE_REPORT_FIGURE, UPDATE_REPORT_TASK, UPDATE_REPORT_TEXT } from './reports.graphql';
import type { Report, ReportFigure, ReportTask } from './types';
import { figureInput, formatFigure } from './wording';

/*
 * The parts of a report page (docs/REPORTS.md, "A report"): each figure, task and the text are
 * saved on their own with their own version; a CONFLICT shows what is on the server and offers to
 * load it, a bad figure is named beside its field.
 */

export const TASK_STATUSES: ReportTaskStatus[] = ['COMPLETED', 'IN_PROGRESS', 'NOT_STARTED', 'NOT_APPLICABLE'];

type Translate = ReturnType<typeof useTranslate>;

/** A save's failure: a field's error beside the field, a conflict or anything else above the form. */
function useSaveErrors(form: ReturnType<typeof Form.useForm>[0], fields: string[]) {
  const translate = useTranslate();
  const [error, setError] = useState<ApiError | null>(null);
  const fail = (e: unknown) => {
    const err = toHttpError(e);
    if (!applyFieldError(form, err, fields, translate)) setError(err);
  };
  return { error, clear: () => setError(null), fail };
}

function SaveError({ error, onReload }: { error: ApiError | null; onReload: () => void }) {
  if (!error) return null;
  return error.code === 'CONFLICT' ? <ConflictAlert error={error} onReload={onReload} /> : <FormErrorAlert error={error} />;
}

/** "Còn thiếu 12" / "Vượt 3" / "Đạt chỉ tiêu" against the allocation. */
export function gapText(gap: number | null | undefined, translate: Translate): string {
  if (gap === null || gap === undefined) return '';
  if (gap < 0) return translate('reports.figures.gapShort', { value: formatFigure(-gap) });
  if (gap > 0) return translate('reports.figures.gapOver', { value: formatFigure(gap) });
  return translate('reports.figures.gapMet');
}

/** A target: the figure of the period and the cumulative one against the allocation, the sum from below and an override's note. */
export function FigureCard({ report, figure, editable, onSaved }: { report: Report; figure: ReportFigure; editable: boolean; onSaved: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [form] = Form.useForm();
  const { run, isPending } = useGqlMutation(UPDATE_REPORT_FIGURE);
  const errors = useSaveErrors(form, ['periodValue', 'cumulativeValue', 'overrideNote']);
  const typed = Form.useWatch('periodValue', form) as string | undefined;
  const fromBelow = figure.unitsBelow > 0 && figure.sumFromBelow !== null;
  const typedNumber = typed === undefined ? figure.periodValue : typed.trim() === '' ? null : Number(figureInput(typed));
  const difference = fromBelow && typedNumber !== null && !Number.isNaN(typedNumber) ? typedNumber - figure.sumFromBelow! : null;
  const headingId = `figure-${figure.id}`;

  const save = async (values: { periodValue?: string; cumulativeValue?: string; overrideNote?: string }) => {
    errors.clear();
    try {
      await run({
        input: {
          reportId: report.id,
          targetId: figure.targetId,
          version: figure.version,
          periodValue: figureInput(values.periodValue ?? ''),
          cumulativeValue: figureInput(values.cumulativeValue ?? ''),
          overrideNote: values.overrideNote ?? '',
        },
      });
      notify.success(translate('reports.figures.saved'));
      onSaved();
    } catch (e) {
      errors.fail(e);
    }
  };

  return (
    <section className="report-figure" aria-labelledby={headingId} data-testid="report-figure" data-target={figure.metric}>
      <h3 id={headingId} className="report-part-title">
        {figure.metric} <span className="text-secondary">({figure.unitOfMeasure})</span>
      </h3>
      <div className="report-figure-facts">
        <span>
          {translate('reports.figures.allocated')}: <strong>{figure.allocated === null ? translate('reports.figures.noAllocation') : formatFigure(figure.allocated)}</strong>
        </span>
        {figure.gap !== null && <Tag color={figure.gap < 0 ? 'orange' : 'green'}>{gapText(figure.gap, translate)}</Tag>}
        {fromBelow && (
          <span data-testid="figure-from-below">{translate('reports.figures.fromBelow', { value: formatFigure(figure.sumFromBelow), units: figure.unitsBelow })}</span>
        )}
      </div>
      <SaveError error={errors.error} onReload={onSaved} />
      {editable ? (
        <Form
          form={form}
          name={`figure-${figure.id}`}
          layout="vertical"
          className="report-figure-form"
          initialValues={{
            periodValue: figure.periodValue === null ? '' : String(figure.periodValue),
            cumulativeValue: figure.cumulativeValue === null ? '' : String(figure.cumulativeValue),
            overrideNote: figure.overrideNote ?? '',
          }}
          onFinish={(v) => void save(v)}
        >
          <div className="report-figure-inputs">
            <Form.Item name="periodValue" label={translate('reports.figures.period')}>
              <Input inputMode="decimal" autoComplete="off" />
            </Form.Item>
            <Form.Item name="cumulativeValue" label={translate('reports.figures.cumulative')}>
              <Input inputMode="decimal" autoComplete="off" />
            </Form.Item>
          </div>
          {difference !== null && difference !== 0 && (
            <p className="report-figure-difference" data-testid="figure-difference">
              {translate('reports.figures.difference', { value: formatFigure(difference) })}
            </p>
          )}
          {(fromBelow || figure.overrideNote) && (
            <Form.Item
              name="overrideNote"
              label={translate('reports.figures.note')}
              extra={difference ? translate('reports.figures.noteRequired', { sum: formatFigure(figure.sumFromBelow) }) : undefined}
            >
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
            </Form.Item>
          )}
          <Button htmlType="submit" loading={isPending}>
            {translate('reports.figures.save')}
          </Button>
        </Form>
      ) : (
        <dl className="report-figure-values">
          <div>
            <dt>{translate('reports.figures.period')}</dt>
            <dd>{formatFigure(figure.periodValue) || '—'}</dd>
          </div>
          <div>
            <dt>{translate('reports.figures.cumulative')}</dt>
            <dd>{formatFigure(figure.cumulativeValue) || '—'}</dd>
          </div>
          {figure.difference !== null && figure.difference !== 0 && (
            <div data-testid="figure-difference">
              <dt>{translate('reports.figures.difference', { value: '' }).replace(/[:\s]+$/, '')}</dt>
              <dd>{formatFigure(figure.difference)}</dd>
            </div>
          )}
          {figure.overrideNote && (
            <div>
              <dt>{translate('reports.figures.note')}</dt>
              <dd>{figure.overrideNote}</dd>
            </div>
          )}
        </dl>
      )}
    </section>
  );
}

/** A task of the plan: its status (Hoàn thành / Đang thực hiện / Chưa thực hiện / Không áp dụng) and what was done. */
export function TaskRow({ task, editable, onSaved }: { task: ReportTask; editable: boolean; onSaved: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [form] = Form.useForm();
  const { run, isPending } = useGqlMutation(UPDATE_REPORT_TASK);
  const errors = useSaveErrors(form, ['status', 'done']);
  const headingId = `task-${task.id}`;

  const save = async (values: { status: ReportTaskStatus; done?: string }) => {
    errors.clear();
    try {
      await run({ input: { taskId: task.id, version: task.version, status: values.status, done: values.done ?? '' } });
      notify.success(translate('reports.tasks.saved'));
      onSaved();
    } catch (e) {
      errors.fail(e);
    }
  };

  return (
    <section className="report-task" aria-labelledby={headingId} data-testid="report-task">
      <h3 id={headingId} className="report-part-title">
        {task.label && <span className="report-task-label">{task.label} </span>}
        {task.text}
      </h3>
      <SaveError error={errors.error} onReload={onSaved} />
      {editable ? (
        <Form form={form} name={`task-${task.id}`} layout="vertical" initialValues={{ status: task.status, done: task.done }} onFinish={(v) => void save(v)}>
          <Form.Item name="status" label={translate('reports.tasks.status')}>
            <Select options={TASK_STATUSES.map((s) => ({ value: s, label: translate(`reports.taskStatus.${s}`) }))} />
          </Form.Item>
          <Form.Item name="done" label={translate('reports.tasks.done')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} />
          </Form.Item>
          <Button htmlType="submit" loading={isPending}>
            {translate('reports.tasks.save')}
          </Button>
        </Form>
      ) : (
        <div className="report-task-view">
          <Tag data-status={task.status}>{translate(`reports.taskStatus.${task.status}`)}</Tag>
          {task.done && <p className="report-task-done">{task.done}</p>}
        </div>
      )}
    </section>
  );
}

interface TextValues {
  period?: [Dayjs | null, Dayjs | null] | null;
  difficulties?: string;
  proposals?: string;
  recipients?: string;
  authority?: string;
  signatureTitle?: string;
  signerName?: string;
}

const toDay = (v: string | null | undefined) => (v ? dayjs(v, 'YYYY-MM-DD') : null);
const toLocal = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** The API's field names where the form's differ (the period is one field, recipients[3] is the list). */
const TEXT_FIELD_OF: Record<string, string> = {
  periodStart: 'period',
  periodEnd: 'period',
  'signature.authority': 'authority',
  'signature.title': 'signatureTitle',
  'signature.signerName': 'signerName',
};

const textValues = (r: Report): TextValues => ({
  period: [toDay(r.periodStart), toDay(r.periodEnd)],
  difficulties: r.difficulties,
  proposals: r.proposals,
  recipients: r.recipients.join('\n'),
  authority: r.signature.authority ?? '',
  signatureTitle: r.signature.title ?? '',
  signerName: r.signature.signerName ?? '',
});

/**
 * The report's own text — its period, difficulties, proposals, "Nơi nhận" and signature — saved
 * together with the report's version (updateReportText; the period stays within the plan's,
 * refused beside the field otherwise).
 */
export function ReportText({ report, editable, onSaved }: { report: Report; editable: boolean; onSaved: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [form] = Form.useForm();
  const { run, isPending } = useGqlMutation(UPDATE_REPORT_TEXT);
  const errors = useSaveErrors(form, ['period', 'difficulties', 'proposals', 'recipients', 'authority', 'signatureTitle', 'signerName']);
  const save = async (v: TextValues) => {
    errors.clear();
    try {
      await run({
        input: {
          reportId: report.id,
          version: report.version,
          periodStart: toLocal(v.period?.[0]),
          periodEnd: toLocal(v.period?.[1]),
          difficulties: v.difficulties ?? '',
          proposals: v.proposals ?? '',
          recipients: (v.recipients ?? '')
            .split('\n')
            .map((r) => r.trim())
            .filter(Boolean),
          signature: { authority: orNull(v.authority), title: orNull(v.signatureTitle), signerName: orNull(v.signerName) },
        },
      });
      notify.success(translate('reports.text.saved'));
      onSaved();
    } catch (e) {
      const err = toHttpError(e);
      errors.fail({ ...err, field: err.field?.startsWith('recipients') ? 'recipients' : ((err.field && TEXT_FIELD_OF[err.field]) ?? err.field) });
    }
  };
  if (!editable) {
    const s = report.signature;
    return (
      <dl className="report-text-view">
        <dt>{translate('reports.text.difficulties')}</dt>
        <dd>{report.difficulties || translate('reports.text.none')}</dd>
        <dt>{translate('reports.text.proposals')}</dt>
        <dd>{report.proposals || translate('reports.text.none')}</dd>
        <dt>{translate('reports.text.recipients')}</dt>
        <dd data-testid="report-recipients">
          {report.recipients.length ? report.recipients.map((r, i) => <div key={i}>{r}</div>) : translate('reports.text.none')}
        </dd>
        <dt>{translate('reports.text.signature')}</dt>
        <dd data-testid="report-signature">{[s.authority, s.title, s.signerName].filter(Boolean).join(' — ') || translate('reports.text.none')}</dd>
      </dl>
    );
  }
  return (
    <>
      <SaveError error={errors.error} onReload={onSaved} />
      <Form form={form} name="report-text" layout="vertical" initialValues={textValues(report)} onFinish={(v) => void save(v)}>
        <Form.Item name="period" label={translate('reports.text.period')}>
          <DateRangeInput allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="difficulties" label={translate('reports.text.difficulties')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="proposals" label={translate('reports.text.proposals')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="recipients" label={translate('reports.text.recipients')} extra={translate('reports.text.recipientsHint')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="authority" label={translate('reports.text.authority')} style={{ flex: 1, minWidth: 180 }}>
            <Input maxLength={100} placeholder="TM. ỦY BAN NHÂN DÂN" />
          </Form.Item>
          <Form.Item name="signatureTitle" label={translate('reports.text.signatureTitle')} style={{ flex: 1, minWidth: 180 }}>
            <Input maxLength={100} placeholder="CHỦ TỊCH" />
          </Form.Item>
          <Form.Item name="signerName" label={translate('reports.text.signerName')} style={{ flex: 1, minWidth: 180 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Button htmlType="submit" loading={isPending}>
          {translate('reports.text.save')}
        </Button>
      </Form>
    </>
  );
}
