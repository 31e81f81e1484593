import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, List, Modal, Progress, Tag, Typography, Upload } from 'antd';
import { CheckCircleOutlined, FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { Link, useNavigate } from 'react-router';
import { FormErrorAlert } from '../common/form-errors';
import type { ApiError } from '../providers/errors';
import { IMPORT_PLAN, UPDATE_PLAN_HEADER } from './plans.graphql';
import { SYMBOL_PATTERN } from './printed';
import { PARENT_CODES, readValue, unsureHeaderFields, warningText, type HeaderField, type UnsureReason } from './import-review';
import { newIdempotencyKey, useInvalidatePlanLists, usePlanMutation } from './use-plan-api';
import type { ImportResult } from './types';

/** The API's limit on an imported file (8 MB decoded). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const ACCEPT = '.docx,.pdf,.txt,.md';

type Step = { kind: 'choose' } | { kind: 'reading'; percent: number } | { kind: 'sending' } | { kind: 'done'; result: ImportResult };

/** Reads a file as base64 (without the data: prefix), reporting progress. */
function readBase64(file: File, onProgress: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

/**
 * "Nhập từ tệp": a plan already written in Word (.docx), a PDF with a text layer or text becomes
 * a draft with its numbering, tasks, targets, tables and citations rebuilt; the report says what
 * the importer could not classify or match, and which superior plan it linked, and asks about
 * the header fields it was not sure of (saved to the draft) before the draft is opened.
 */
export function ImportPlanModal({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const invalidateLists = useInvalidatePlanLists();
  const { run } = usePlanMutation();
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<ApiError | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);

  const start = async () => {
    if (!file) return;
    setError(null);
    try {
      setStep({ kind: 'reading', percent: 0 });
      const contentBase64 = await readBase64(file, (percent) => setStep({ kind: 'reading', percent }));
      setStep({ kind: 'sending' });
      const data = await run<{ importPlan: ImportResult }>(IMPORT_PLAN, { fileName: file.name, contentBase64, idempotencyKey: key });
      void invalidateLists();
      setStep({ kind: 'done', result: data.importPlan });
    } catch (e) {
      setError(e as ApiError);
      setStep({ kind: 'choose' });
    }
  };

  const busy = step.kind === 'reading' || step.kind === 'sending';
  const result = step.kind === 'done' ? step.result : null;

  return (
    <Modal
      open
      width={760}
      title={translate('plans.import.title')}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      maskClosable={false}
      destroyOnHidden
      footer={
        result
          ? [
              <Button key="close" onClick={onClose}>
                {translate('common.close')}
              </Button>,
              <Button key="open" type="primary" onClick={() => navigate(`/plans/${result.plan.id}`)}>
                {translate('plans.import.openDraft')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose} disabled={busy}>
                {translate('common.cancel')}
              </Button>,
              <Button key="start" type="primary" onClick={() => void start()} disabled={!file || tooLarge} loading={busy}>
                {translate('plans.import.start')}
              </Button>,
            ]
      }
    >
      {error && <FormErrorAlert error={error} />}
      {!result && (
        <>
          <Typography.Paragraph type="secondary">{translate('plans.import.hint')}</Typography.Paragraph>
          <Upload.Dragger
            accept={ACCEPT}
            multiple={false}
            maxCount={1}
            disabled={busy}
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              setTooLarge(f.size > MAX_IMPORT_BYTES);
              setKey(newIdempotencyKey());
              setError(null);
              return false;
            }}
            aria-label={translate('plans.import.choose')}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined  aria-hidden />
            </p>
            <p className="ant-upload-text">{translate('plans.import.choose')}</p>
            <p className="ant-upload-hint">{translate('plans.import.formats')}</p>
          </Upload.Dragger>
          {file && (
            <div className="plan-import-file" data-testid="import-file">
              <FileTextOutlined aria-hidden /> {file.name} ({Math.ceil(file.size / 1024)} KB)
            </div>
          )}
          {tooLarge && <Alert type="error" showIcon style={{ marginTop: 12 }} message={translate('plans.import.tooLarge')} />}
          {busy && (
            <div style={{ marginTop: 16 }} aria-live="polite">
              <Progress
                percent={step.kind === 'reading' ? Math.round(step.percent * 0.3) : 60}
                status="active"
                showInfo={false}
                aria-label={translate('plans.import.progress')}
              />
              <Typography.Text type="secondary">
                {translate(step.kind === 'reading' ? 'plans.import.reading' : 'plans.import.analysing')}
              </Typography.Text>
            </div>
          )}
        </>
      )}
      {result && <ImportReportView result={result} />}
    </Modal>
  );
}

function ImportReportView({ result }: { result: ImportResult }) {
  const translate = useTranslate();
  const { plan, report } = result;
  const toReview = report.unclassified.length + report.unknownAgencies.length;
  const tracked = report.warningDetails.find((w) => w.code === 'TRACKED_CHANGES');
  const parentDoubts = report.warningDetails.filter((w) => PARENT_CODES.includes(w.code));
  const unsure = unsureHeaderFields(result);
  return (
    <div className="plan-import-report" data-testid="import-report">
      {/* Green only when everything was recognised: what is left to review is a warning. */}
      <Alert
        type={toReview > 0 ? 'warning' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        message={translate('plans.import.created', { count: plan.nodes.length })}
        description={
          <>
            <div>{plan.title}</div>
            {toReview > 0 && <div>{translate('plans.import.toReview', { count: toReview })}</div>}
          </>
        }
      />
      {tracked && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="import-tracked-changes"
          message={translate('plans.import.review.trackedTitle')}
          description={translate('plans.import.review.trackedQuestion', { v0: tracked.values[0] ?? '?', v1: tracked.values[1] ?? '?' })}
        />
      )}
      {unsure.length > 0 && <HeaderReview result={result} fields={unsure} />}
      <Descriptions
        size="small"
        bordered
        column={1}
        labelStyle={{ width: 260 }}
        items={[
          {
            key: 'parent',
            label: translate('plans.import.parentPlan'),
            children: plan.parentPlan ? (
              <Link to={`/plans/${plan.parentPlan.id}`}>
                {plan.parentPlan.numberSymbol ?? translate('plans.draftShort')} — {plan.parentPlan.unit.name}
              </Link>
            ) : (
              <Typography.Text type="secondary">{translate('plans.import.noParent')}</Typography.Text>
            ),
          },
          ...parentDoubts.map((w, i) => ({
            key: `parent-doubt-${i}`,
            label: translate('plans.fields.parentPlan'),
            children: (
              <Typography.Text type="warning">{translate('plans.import.review.parentUnsure', { reason: warningText(translate, w) })}</Typography.Text>
            ),
          })),
          ...(plan.parentPlan ? [{ key: 'linked', label: translate('plans.import.linkedNodes'), children: report.linkedNodes }] : []),
          { key: 'matched', label: translate('plans.import.matchedAgencies'), children: report.matchedAgencies },
          {
            key: 'unknown',
            label: translate('plans.import.unknownAgencies', { count: report.unknownAgencies.length }),
            children:
              report.unknownAgencies.length === 0 ? (
                <Typography.Text type="secondary">{translate('plans.import.noneFound')}</Typography.Text>
              ) : (
                <div className="plan-import-tags">
                  {report.unknownAgencies.map((a) => (
                    <Tag key={a} color="warning">
                      {a}
                    </Tag>
                  ))}
                </div>
              ),
          },
        ]}
      />
      {report.unknownAgencies.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {translate('plans.import.unknownAgenciesHint')}
        </Typography.Paragraph>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {translate('plans.import.unclassified', { count: report.unclassified.length })}
      </Typography.Title>
      {report.unclassified.length === 0 ? (
        <Typography.Text type="secondary">{translate('plans.import.allClassified')}</Typography.Text>
      ) : (
        <List
          size="small"
          bordered
          className="plan-import-list"
          dataSource={report.unclassified}
          renderItem={(u) => (
            <List.Item>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {u.reason}
                </Typography.Text>
                <div className="plan-quote">{u.text}</div>
              </div>
            </List.Item>
          )}
        />
      )}
      {report.warningDetails.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {translate('plans.import.warnings', { count: report.warningDetails.length })}
          </Typography.Title>
          {/* Worded here by code and values, in the user's language; the API's English message is for logs. */}
          <List
            size="small"
            bordered
            className="plan-import-list"
            data-testid="import-warnings"
            dataSource={report.warningDetails}
            renderItem={(w) => <List.Item data-code={w.code}>{warningText(translate, w)}</List.Item>}
          />
        </>
      )}
    </div>
  );
}

/**
 * "Kiểm tra thông tin đầu văn bản": each header field the importer was not sure of (or did not
 * find), with the value it read in an editable field; saving writes the confirmed or corrected
 * values to the draft through updatePlanHeader (the draft's version, optimistic locking).
 */
function HeaderReview({ result, fields }: { result: ImportResult; fields: { field: HeaderField; reason: UnsureReason }[] }) {
  const translate = useTranslate();
  const { run, isPending } = usePlanMutation();
  const [form] = Form.useForm<Record<HeaderField, string>>();
  const [version, setVersion] = useState(result.plan.version);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const initial = Object.fromEntries(fields.map(({ field }) => [field, readValue(result.plan, field)]));

  const save = async (values: Record<HeaderField, string>) => {
    setError(null);
    const input: Record<string, unknown> = { planId: result.plan.id, version };
    for (const { field } of fields) {
      const v = (values[field] ?? '').trim();
      // The symbol and the title cannot be empty; the others are cleared by an empty field.
      input[field] = field === 'symbol' || field === 'title' ? v : v || null;
    }
    try {
      const data = await run<{ updatePlanHeader: { plan: { version: number } } }>(UPDATE_PLAN_HEADER, input);
      setVersion(data.updatePlanHeader.plan.version);
      setSaved(true);
    } catch (e) {
      setError(e as ApiError);
    }
  };

  return (
    <section className="plan-import-review" data-testid="import-header-review" aria-labelledby="import-header-review-title">
      <Typography.Title level={5} id="import-header-review-title" style={{ marginTop: 0 }}>
        {translate('plans.import.review.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{translate('plans.import.review.hint')}</Typography.Paragraph>
      {error && <FormErrorAlert error={error} />}
      <Form form={form} name="importHeaderReview" layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} onValuesChange={() => setSaved(false)}>
        {fields.map(({ field, reason }) => (
          <Form.Item
            key={field}
            name={field}
            label={translate(field === 'title' ? 'plans.fields.title' : `plans.header.${field}`)}
            extra={
              <>
                <Tag color="warning">{translate(`plans.import.review.why.${reason}`)}</Tag>
                {field === 'issuingBody' && translate('plans.import.review.issuingBodyEmpty')}
              </>
            }
            rules={
              field === 'symbol'
                ? [
                    { required: true, message: translate('plans.header.symbolRequired') },
                    { pattern: SYMBOL_PATTERN, message: translate('plans.header.symbolInvalid') },
                  ]
                : undefined
            }
          >
            {field === 'issuingBody' ? <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} /> : <Input />}
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={isPending}>
          {translate('plans.import.review.save')}
        </Button>
        {saved && (
          <Typography.Text type="success" style={{ marginInlineStart: 12 }} role="status" data-testid="import-header-saved">
            <CheckCircleOutlined aria-hidden /> {translate('plans.import.review.saved')}
          </Typography.Text>
        )}
      </Form>
    </section>
  );
}
