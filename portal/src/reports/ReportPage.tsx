import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Result, Skeleton, Tag } from 'antd';
import { useGetIdentity, useTranslate } from '@refinedev/core';
import { Link, useNavigate, useParams } from 'react-router';
import type { Identity } from '../auth/identity';
import { ConflictAlert } from '../common/ConflictAlert';
import { ErrorState } from '../common/ErrorState';
import { FormErrorAlert } from '../common/form-errors';
import { PageFrame } from '../common/PageFrame';
import { useGqlQuery, useMutationRunner } from '../common/use-gql';
import { useNotify } from '../common/use-notify';
import type { CorrectReportMutation, ReportPlanQuery, ReportQuery } from '../graphql/generated';
import { formatDate } from '../i18n/format';
import { newIdempotencyKey } from '../providers/idempotency';
import { toHttpError, type ApiError } from '../providers/errors';
import { decideReport, type ReportAction } from './access';
import { ExportButtons } from '../plans/ExportButtons';
import { FiguresXlsx } from './FiguresXlsx';
import { FigureCard, ReportText, TaskRow } from './ReportParts';
import { ACCEPT_REPORT, CORRECT_REPORT, REPORT, REPORT_PLAN, RETURN_REPORT, SUBMIT_REPORT } from './reports.graphql';
import type { Report } from './types';
import { ComplianceTag, periodText, ReportStatusTag } from './wording';
import './reports.css';

/**
 * "Báo cáo kết quả thực hiện Kế hoạch số …" (docs/REPORTS.md, "A report"): per task a status and
 * what was done, per target the figure of the period and the cumulative one against the
 * allocation — pre-filled with the sum the units below submitted, an override only with a note —,
 * the units below that have not reported, difficulties and proposals. The unit's approver
 * submits; the superior's approver accepts it or returns it with a reason; a submitted report is
 * read-only and corrected by a new version.
 */
export function ReportPage() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const { data: identity } = useGetIdentity<Identity>();
  const { data, query } = useGqlQuery<ReportQuery>(REPORT, { id }, { enabled: Boolean(id) });
  const report = data?.report;
  const plan = useGqlQuery<ReportPlanQuery>(REPORT_PLAN, { id: report?.obligation.planId ?? '' }, { enabled: Boolean(report) }).data?.plan;
  const reload = () => void query.refetch();

  if (query.isError && !report) {
    const notFound = toHttpError(query.error).code === 'NOT_FOUND';
    return (
      <PageFrame title={translate('reports.page.titleNoNumber')}>
        {notFound ? <Result status="404" title={translate('errors.NOT_FOUND')} /> : <ErrorState error={query.error} onRetry={reload} />}
      </PageFrame>
    );
  }
  if (!report || !identity) {
    return (
      <PageFrame title={translate('reports.page.titleNoNumber')}>
        <Skeleton active />
      </PageFrame>
    );
  }

  const facts = {
    unitId: report.unit.id,
    issuerUnitId: report.obligation.issuerUnit.id,
    agencyId: report.obligation.agency?.id,
    status: report.status,
  };
  // Nothing more is written on a closed obligation (docs/REPORTS.md): its draft stays to be read.
  const can = (action: ReportAction) => report.obligation.state !== 'CLOSED' && decideReport(identity, action, { report: facts }).can;
  const editable = can('edit');
  const title = plan?.numberSymbol ? translate('reports.page.title', { number: plan.numberSymbol }) : translate('reports.page.titleNoNumber');
  const o = report.obligation;

  return (
    <PageFrame
      title={title}
      subtitle={translate('reports.page.subtitle', { unit: report.unit.name, title: o.title })}
      extra={
        <>
          <Transitions report={report} can={can} onDone={reload} />
          <ExportButtons
            path={`/api/reports/${encodeURIComponent(report.id)}/export`}
            fallbackName={translate('reports.export.fileName', { unit: report.unit.name })}
            notFoundKey="reports.export.notFound"
          />
        </>
      }
    >
      <div className="report-meta" data-testid="report-meta">
        <ReportStatusTag status={report.status} />
        {/* On time, late, or a draft past its due date; a returned report already says so by its status. */}
        {o.compliance !== 'PENDING' && o.compliance !== 'RETURNED' && <ComplianceTag compliance={o.compliance} />}
        <span>{o.dueDate ? translate('reports.dueOn', { date: formatDate(o.dueDate) }) : translate('reports.noDue')}</span>
        <span>{translate('reports.owedTo', { unit: o.issuerUnit.name })}</span>
        {o.agency && <span data-testid="report-agency">{o.agency.name}</span>}
        {o.period && <span data-testid="report-period-label">{periodText(o.period, translate)}</span>}
        {report.periodStart && report.periodEnd && (
          <span>{translate('reports.page.period', { from: formatDate(report.periodStart), to: formatDate(report.periodEnd) })}</span>
        )}
        {report.versionNo > 1 && <Tag>{translate('reports.page.version', { n: report.versionNo })}</Tag>}
        <Link to="/reports">{translate('reports.page.backToList')}</Link>
      </div>

      {o.state === 'CLOSED' && (
        <Alert
          type="info"
          showIcon
          data-testid="report-closed"
          className="report-alert"
          message={translate('reports.page.closed', { date: o.closedOn ? formatDate(o.closedOn) : '' })}
          description={o.closedReason ? translate(`reports.closedReasons.${o.closedReason}`) : undefined}
        />
      )}
      {report.status === 'RETURNED' && report.returnedReason && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="report-returned"
          className="report-alert"
          message={translate('reports.page.returned')}
          description={
            <>
              <div className="report-returned-reason">{report.returnedReason}</div>
              {editable && <div className="text-secondary">{translate('reports.page.returnedHint')}</div>}
            </>
          }
        />
      )}
      {(report.status === 'SUBMITTED' || report.status === 'ACCEPTED') && report.unit.id === identity.unit.id && (
        <Alert type="info" showIcon className="report-alert" data-testid="report-read-only" message={translate('reports.page.readOnly')} />
      )}
      {editable && <p className="text-secondary">{translate('reports.page.draftHint')}</p>}

      {report.versions.length > 1 && <Versions report={report} />}
      {report.subordinates.expected > 0 && <Subordinates report={report} />}

      <section className="panel report-section" aria-labelledby="report-figures">
        <h2 id="report-figures" className="report-section-title">
          {translate('reports.figures.title')}
        </h2>
        <FiguresXlsx report={report} editable={editable && report.figures.length > 0} onSaved={reload} />
        {report.figures.length === 0 ? (
          <p className="text-secondary">{translate('reports.figures.none')}</p>
        ) : (
          report.figures.map((f) => <FigureCard key={`${f.id}-${f.version}`} report={report} figure={f} editable={editable} onSaved={reload} />)
        )}
      </section>

      <section className="panel report-section" aria-labelledby="report-tasks">
        <h2 id="report-tasks" className="report-section-title">
          {translate('reports.tasks.title')}
        </h2>
        {report.tasks.length === 0 ? (
          <p className="text-secondary">{translate('reports.tasks.none')}</p>
        ) : (
          report.tasks.map((t) => <TaskRow key={`${t.id}-${t.version}`} task={t} editable={editable} onSaved={reload} />)
        )}
      </section>

      <section className="panel report-section" aria-labelledby="report-text">
        <h2 id="report-text" className="report-section-title">
          {translate('reports.text.title')}
        </h2>
        <ReportText key={report.version} report={report} editable={editable} onSaved={reload} />
      </section>
    </PageFrame>
  );
}

/** The units below owing a report into this one: how many reported, and those that have not. */
function Subordinates({ report }: { report: Report }) {
  const translate = useTranslate();
  const s = report.subordinates;
  return (
    <section className="panel report-section" aria-labelledby="report-subordinates" data-testid="report-subordinates">
      <h2 id="report-subordinates" className="report-section-title">
        {translate('reports.subordinates.title')}
      </h2>
      <p>{translate('reports.subordinates.reported', { reported: s.reported, expected: s.expected })}</p>
      {s.missing.length === 0 ? (
        <p className="text-secondary">{translate('reports.subordinates.allReported')}</p>
      ) : (
        <>
          <h3 className="report-part-title">{translate('reports.subordinates.missing')}</h3>
          <ul className="report-missing" data-testid="report-missing">
            {s.missing.map((u) => (
              <li key={u.id}>{u.name}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Versions({ report }: { report: Report }) {
  const translate = useTranslate();
  return (
    <nav className="report-versions" aria-label={translate('reports.versions.title')}>
      <span className="text-secondary">{translate('reports.versions.title')}:</span>
      {report.versions.map((v) =>
        v.id === report.id ? (
          <span key={v.id} aria-current="page" className="report-version-current">
            {translate('reports.versions.item', { n: v.versionNo })} · {translate(`reports.status.${v.status}`)}
          </span>
        ) : (
          <Link key={v.id} to={`/reports/${v.id}`}>
            {translate('reports.versions.item', { n: v.versionNo })} · {translate(`reports.status.${v.status}`)}
          </Link>
        ),
      )}
    </nav>
  );
}

/** Submit (the unit's approver), accept / return with a reason (the superior's approver), correct (editors). */
function Transitions({ report, can, onDone }: { report: Report; can: (a: ReportAction) => boolean; onDone: () => void }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const notify = useNotify();
  const { modal } = App.useApp();
  const { run, isPending } = useMutationRunner();
  const [error, setError] = useState<ApiError | null>(null);
  const [returning, setReturning] = useState(false);
  const [correctKey] = useState(() => newIdempotencyKey('report-correction'));
  const issuer = report.obligation.issuerUnit.name;
  const unit = report.unit.name;

  const transition = async (document: typeof SUBMIT_REPORT, done: string, reason?: string) => {
    setError(null);
    try {
      await run(document, { input: { reportId: report.id, version: report.version, ...(reason ? { reason } : {}) } });
      notify.success(translate(done));
      onDone();
      return true;
    } catch (e) {
      setError(toHttpError(e));
      return false;
    }
  };
  const correct = async () => {
    setError(null);
    try {
      const r = await run<CorrectReportMutation>(CORRECT_REPORT, { input: { reportId: report.id, version: report.version, idempotencyKey: correctKey } });
      notify.success(translate('reports.actions.corrected'));
      await navigate(`/reports/${r.correctReport.report.id}`);
    } catch (e) {
      setError(toHttpError(e));
    }
  };

  const buttons = [
    can('submit') && (
      <Button
        key="submit"
        type="primary"
        loading={isPending}
        onClick={() =>
          modal.confirm({
            title: translate('reports.actions.submit'),
            content: translate('reports.actions.submitConfirm', { unit: issuer }),
            okText: translate('reports.actions.submit'),
            cancelText: translate('reports.actions.cancel'),
            onOk: () => transition(SUBMIT_REPORT, 'reports.actions.submitted'),
          })
        }
      >
        {translate('reports.actions.submit')}
      </Button>
    ),
    can('accept') && (
      <Button
        key="accept"
        type="primary"
        loading={isPending}
        onClick={() =>
          modal.confirm({
            title: translate('reports.actions.accept'),
            content: translate('reports.actions.acceptConfirm', { unit }),
            okText: translate('reports.actions.accept'),
            cancelText: translate('reports.actions.cancel'),
            onOk: () => transition(ACCEPT_REPORT, 'reports.actions.accepted'),
          })
        }
      >
        {translate('reports.actions.accept')}
      </Button>
    ),
    can('return') && (
      <Button key="return" danger onClick={() => setReturning(true)}>
        {translate('reports.actions.return')}
      </Button>
    ),
    can('correct') && (
      <Button key="correct" loading={isPending} title={translate('reports.actions.correctHint')} onClick={() => void correct()}>
        {translate('reports.actions.correct')}
      </Button>
    ),
  ].filter(Boolean);

  return (
    <>
      {buttons}
      {error && (
        <div className="report-transition-error">
          {error.code === 'CONFLICT' ? (
            <ConflictAlert
              error={error}
              onReload={() => {
                setError(null);
                onDone();
              }}
            />
          ) : (
            <FormErrorAlert error={error} />
          )}
        </div>
      )}
      {returning && (
        <ReturnModal
          unit={unit}
          onClose={() => setReturning(false)}
          onReturn={async (reason) => {
            if (await transition(RETURN_REPORT, 'reports.actions.returned', reason)) setReturning(false);
          }}
          pending={isPending}
        />
      )}
    </>
  );
}

function ReturnModal({ unit, onClose, onReturn, pending }: { unit: string; onClose: () => void; onReturn: (reason: string) => Promise<void>; pending: boolean }) {
  const translate = useTranslate();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={translate('reports.actions.returnTitle', { unit })}
      okText={translate('reports.actions.return')}
      okButtonProps={{ danger: true, loading: pending }}
      cancelText={translate('reports.actions.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onReturn(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={translate('reports.actions.returnReason')}
          rules={[{ required: true, whitespace: true, message: translate('reports.actions.returnReasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
