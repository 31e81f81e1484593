import { useState } from 'react';
import { Alert, Checkbox, Flex, Form, Input, Modal, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { DateInput } from '../common/DateInput';
import { useNavigate } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { applyFieldError, FormErrorAlert } from '../common/form-errors';
import { useNotify } from '../common/use-notify';
import { formatDate, todayLocalDate } from '../i18n/format';
import type { ApiError } from '../providers/errors';
import type { LifecycleDialog } from './LifecycleActions';
import { issueReview, type ReviewItem } from './issue-review';
import { usePlanContext } from './plan-context';
import { AMEND_PLAN, ISSUE_PLAN, RETURN_PLAN, REVOKE_PLAN, SUBMIT_PLAN } from './plans.graphql';
import { newIdempotencyKey, useInvalidatePlanLists, usePlanMutation } from './use-plan-api';

const TRANSITIONS = {
  submit: { mutation: SUBMIT_PLAN, reason: 'none' },
  withdraw: { mutation: RETURN_PLAN, reason: 'optional' },
  return: { mutation: RETURN_PLAN, reason: 'required' },
  revoke: { mutation: REVOKE_PLAN, reason: 'required' },
  amend: { mutation: AMEND_PLAN, reason: 'none' },
} as const;

export function TransitionModal({ kind, onClose }: { kind: Exclude<LifecycleDialog, 'issue'>; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const { plan, reload } = usePlanContext();
  const invalidateLists = useInvalidatePlanLists();
  const { run, isPending } = usePlanMutation();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<ApiError | null>(null);
  const spec = TRANSITIONS[kind];
  const errors = plan.checks.filter((c) => c.severity === 'ERROR').length;
  const [key] = useState(newIdempotencyKey);

  const submit = async ({ reason }: { reason?: string }) => {
    setError(null);
    try {
      if (kind === 'amend') {
        const data = await run<{ amendPlan: { plan: { id: string } } }>(AMEND_PLAN, { planId: plan.id, idempotencyKey: key });
        void invalidateLists();
        notify.success(translate('plans.lifecycle.done.amend'));
        onClose();
        void navigate(`/plans/${data.amendPlan.plan.id}`);
        return;
      }
      await run(spec.mutation, { planId: plan.id, version: plan.version, ...(spec.reason !== 'none' ? { reason: reason?.trim() || null } : {}) });
      await reload();
      void invalidateLists();
      notify.success(translate(`plans.lifecycle.done.${kind}`));
      onClose();
    } catch (e) {
      setError(e as ApiError);
      void reload();
    }
  };

  return (
    <Modal
      open
      title={translate(`plans.lifecycle.titles.${kind}`)}
      okText={translate(`plans.lifecycle.${kind}`)}
      okButtonProps={{ danger: kind === 'revoke' }}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      destroyOnHidden
    >
      {error && <FormErrorAlert error={error} />}
      <Typography.Paragraph>{translate(`plans.lifecycle.explain.${kind}`)}</Typography.Paragraph>
      {kind === 'submit' && errors > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={translate('plans.lifecycle.submitWithErrors', { count: errors })} />
      )}
      <Form form={form} layout="vertical" name={`transition-${kind}`} onFinish={(v) => void submit(v)}>
        {spec.reason !== 'none' && (
          <Form.Item
            name="reason"
            label={translate('plans.lifecycle.reason')}
            rules={spec.reason === 'required' ? [{ required: true, whitespace: true, message: translate('plans.lifecycle.reasonRequired') }] : []}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} autoFocus />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface IssueValues {
  issuedDate: Dayjs | null;
  number: string;
  authority: string;
  title: string;
  signerName: string;
}

/** Issue: the date (today by default), the number when the document was already issued on paper, the signer. */
export function IssueModal({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const { plan, reload } = usePlanContext();
  const invalidateLists = useInvalidatePlanLists();
  const { run, isPending } = usePlanMutation();
  const [form] = Form.useForm<IssueValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [key] = useState(newIdempotencyKey);
  // A unit dissolved in the 2025 reorganisation can still record the plan it issued on paper while
  // it existed: the date defaults to its last day and cannot pass it (docs/DESIGN.md, unit lifetimes).
  const today = todayLocalDate();
  const lastDay = plan.unit.validTo && plan.unit.validTo < today ? plan.unit.validTo : null;
  const defaultDate = dayjs(lastDay ?? today, 'YYYY-MM-DD');
  const chosenDate = Form.useWatch('issuedDate', form) as Dayjs | null | undefined;
  const review = issueReview(plan, (chosenDate ?? defaultDate).format('YYYY-MM-DD'));
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const remaining = review.blocking.filter((b) => !confirmed.has(b.key)).length;

  const submit = async (v: IssueValues) => {
    if (remaining > 0) return;
    setError(null);
    try {
      await run(ISSUE_PLAN, {
        planId: plan.id,
        version: plan.version,
        idempotencyKey: key,
        issuedDate: v.issuedDate ? v.issuedDate.format('YYYY-MM-DD') : null,
        number: v.number.trim() || null,
        signature: { authority: v.authority.trim() || null, title: v.title.trim() || null, signerName: v.signerName.trim() },
      });
      await reload();
      void invalidateLists();
      notify.success(translate('plans.lifecycle.done.issue'));
      onClose();
    } catch (e) {
      const apiError = e as ApiError;
      const field = apiError.field === 'signature.signerName' ? 'signerName' : apiError.field;
      if (!applyFieldError(form, { ...apiError, field }, ['number', 'issuedDate', 'signerName'], translate)) setError(apiError);
    }
  };

  return (
    <Modal
      open
      width={620}
      title={translate('plans.lifecycle.titles.issue')}
      okText={translate('plans.lifecycle.issue')}
      cancelText={translate('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={isPending}
      okButtonProps={{ disabled: remaining > 0 }}
      destroyOnHidden
      maskClosable={false}
    >
      {error && <FormErrorAlert error={error} />}
      <Typography.Paragraph>{translate('plans.lifecycle.explain.issue')}</Typography.Paragraph>
      {lastDay && (
        <Alert
          type="info"
          showIcon
          className="issue-dissolved"
          message={translate('plans.lifecycle.dissolvedUnit', { unit: plan.unit.name, lastDay: formatDate(lastDay) })}
        />
      )}
      <section className="issue-review" aria-labelledby="issue-review-title" data-testid="issue-review">
        <h2 id="issue-review-title" className="issue-review-title">
          {translate('plans.lifecycle.review.title')}
        </h2>
        {review.blocking.length === 0 && review.warnings.length === 0 && (
          <Alert type="success" showIcon message={translate('plans.lifecycle.review.none')} />
        )}
        {review.blocking.length > 0 && (
          <>
            <p className="text-secondary">{translate('plans.lifecycle.review.blockingIntro')}</p>
            <ul className="issue-review-list">
              {review.blocking.map((item) => (
                <li key={item.key} className="issue-review-item issue-review-blocking" data-key={item.key}>
                  <ReviewText item={item} />
                  <Checkbox
                    checked={confirmed.has(item.key)}
                    onChange={(e) =>
                      setConfirmed((prev) => {
                        const next = new Set(prev);
                        if (e.target.checked) next.add(item.key);
                        else next.delete(item.key);
                        return next;
                      })
                    }
                    aria-describedby={`review-${item.key.replace(/[^a-zA-Z0-9_-]/g, '-')}`}
                  >
                    {translate('plans.lifecycle.review.confirm')}
                  </Checkbox>
                </li>
              ))}
            </ul>
            {remaining > 0 && (
              <p className="issue-review-remaining" role="status">
                {translate('plans.lifecycle.review.remaining', { count: remaining })}
              </p>
            )}
          </>
        )}
        {review.warnings.length > 0 && (
          <details className="issue-review-warnings">
            <summary>
              {translate('plans.lifecycle.review.warningsTitle')} ({review.warnings.length})
            </summary>
            <ul className="issue-review-list">
              {review.warnings.map((item) => (
                <li key={item.key} className="issue-review-item">
                  <ReviewText item={item} />
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
      <Form<IssueValues>
        form={form}
        layout="vertical"
        name="issue"
       
        initialValues={{
          issuedDate: defaultDate,
          number: '',
          authority: plan.signature.authority ?? 'TM. ỦY BAN NHÂN DÂN',
          title: plan.signature.title ?? 'CHỦ TỊCH',
          signerName: plan.signature.signerName ?? '',
        }}
        onFinish={(v) => void submit(v)}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="issuedDate"
            label={translate('plans.lifecycle.issuedDate')}
            rules={[
              { required: true, message: translate('plans.lifecycle.issuedDateRequired') },
              {
                validator: (_rule, value: Dayjs | null) =>
                  lastDay && value && value.format('YYYY-MM-DD') > lastDay
                    ? Promise.reject(new Error(translate('plans.lifecycle.issuedAfterLastDay', { lastDay: formatDate(lastDay) })))
                    : Promise.resolve(),
              },
            ]}
          >
            <DateInput maxDate={lastDay ? dayjs(lastDay, 'YYYY-MM-DD') : undefined} />
          </Form.Item>
          <Form.Item
            name="number"
            label={translate('plans.lifecycle.number')}
            extra={translate('plans.lifecycle.numberHint', { symbol: plan.symbol })}
            rules={[{ pattern: /^\d{1,6}[a-zA-Z]?$/, message: translate('plans.lifecycle.numberInvalid') }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={7} addonAfter={`/${plan.symbol}`} inputMode="numeric" />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="authority" label={translate('plans.signature.authority')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="title" label={translate('plans.signature.title')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="signerName"
          label={translate('plans.signature.signerName')}
          rules={[{ required: true, whitespace: true, message: translate('plans.lifecycle.signerRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One item of the review, in words (its id ties the confirmation checkbox to it). */
function ReviewText({ item }: { item: ReviewItem }) {
  const translate = useTranslate();
  const id = `review-${item.key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  let text: string;
  let places: string[] = [];
  switch (item.kind) {
    case 'check':
      text = translate('plans.lifecycle.review.check', { rule: translate(`plans.checks.rules.${item.rule}`, item.rule), count: item.count });
      places = item.places;
      break;
    case 'deadline':
      text = translate('plans.lifecycle.review.deadline', { days: item.days, date: formatDate(item.deadline) });
      break;
    case 'period':
      text = translate('plans.lifecycle.review.period', { date: formatDate(item.periodEnd) });
      break;
    case 'tasksPast':
      text = translate('plans.lifecycle.review.tasksPast', { count: item.count });
      places = item.places;
      break;
    case 'milestonesPast':
      text = translate('plans.lifecycle.review.milestonesPast', { count: item.count, titles: item.titles.join('; ') });
      break;
  }
  return (
    <div id={id} className="issue-review-text">
      <div>{text}</div>
      {places.length > 0 && <div className="text-secondary text-small">{translate('plans.lifecycle.review.places', { places: places.join(', ') })}</div>}
    </div>
  );
}
