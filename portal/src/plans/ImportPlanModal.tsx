import { useState } from 'react';
import { Alert, Button, Descriptions, List, Modal, Progress, Tag, Typography, Upload } from 'antd';
import { FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { Link, useNavigate } from 'react-router';
import { FormErrorAlert } from '../common/form-errors';
import type { ApiError } from '../providers/errors';
import { IMPORT_PLAN } from './plans.graphql';
import { newIdempotencyKey, useInvalidatePlanLists, usePlanMutation } from './use-plan-api';
import type { ImportResult } from './types';

/** The API's limit on an imported file (8 MB decoded). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const ACCEPT = '.docx,.txt,.md';

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
 * "Nhập từ tệp": a plan already written in Word (.docx) or as text becomes a draft with its
 * numbering, tasks, targets and citations rebuilt; the report says what the importer could not
 * classify or match, and which superior plan it linked, before the draft is opened.
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
      {report.warnings.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {translate('plans.import.warnings', { count: report.warnings.length })}
          </Typography.Title>
          <List size="small" bordered className="plan-import-list" dataSource={report.warnings} renderItem={(w) => <List.Item>{w}</List.Item>} />
        </>
      )}
    </div>
  );
}
