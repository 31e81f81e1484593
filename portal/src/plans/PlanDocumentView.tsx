import { useState } from 'react';
import { Button, Tooltip } from 'antd';
import { EditOutlined, LinkOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { Link } from 'react-router';
import { formatDate } from '../i18n/format';
import { HeaderEditorModal, LegalBasesModal } from './editors';
import { usePlanContext } from './plan-context';
import { PlanBody } from './PlanBody';
import { isPartyDocument, numberLine, printedDateLine, recipientLine } from './printed';

const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
const PARTY_TITLE = 'ĐẢNG CỘNG SẢN VIỆT NAM';

/**
 * The plan as the official will print it (Decree 30/2020): the two-column header with "Số: …"
 * and the italic place and date line, "KẾ HOẠCH" and the title centred, the preamble, the
 * numbered body, "Nơi nhận" and the signature block. What the system knows about the text
 * (agencies, timing, targets, checks) stands beside it in a smaller sans-serif.
 */
export function PlanDocumentView() {
  const translate = useTranslate();
  const { plan, editable } = usePlanContext();
  const [dialog, setDialog] = useState<'header' | 'footer' | 'bases' | null>(null);
  const number = numberLine(plan);
  const dateLine = printedDateLine(plan, new Date().getFullYear());
  const party = isPartyDocument(plan);

  return (
    <article className="plan-paper" aria-label={translate('plans.document.label')} data-testid="plan-paper">
      <header className="plan-paper-header">
        {editable && (
          <Tooltip title={translate('plans.header.edit')}>
            <Button
              className="plan-paper-edit"
              size="small"
              icon={<EditOutlined  aria-hidden />}
              aria-label={translate('plans.header.edit')}
              onClick={() => setDialog('header')}
            />
          </Tooltip>
        )}
        <div className="plan-head-grid">
          <div className="plan-head-left">
            {plan.issuingBody ? (
              <>
                <div className="plan-issuing-body">{plan.issuingBody}</div>
                {party ? <div className="plan-party-star">*</div> : <div className="plan-rule plan-rule-short" />}
              </>
            ) : (
              editable && <div className="plan-placeholder">{translate('plans.header.noIssuingBody')}</div>
            )}
          </div>
          <div className="plan-head-right">
            {party ? (
              <>
                <div className="plan-national-name">{PARTY_TITLE}</div>
                <div className="plan-rule plan-rule-motto" />
              </>
            ) : (
              <>
                <div className="plan-national-name">{NATIONAL_NAME}</div>
                <div className="plan-motto">{MOTTO}</div>
                <div className="plan-rule plan-rule-motto" />
              </>
            )}
          </div>
          <div className="plan-head-left plan-number" data-testid="plan-number">
            {number}
          </div>
          <div className="plan-head-right plan-date-line" data-testid="plan-date-line">
            {dateLine ?? (editable ? <span className="plan-placeholder">{translate('plans.header.noDateLine')}</span> : null)}
          </div>
        </div>
        <div className="plan-kind">{plan.documentKind || 'KẾ HOẠCH'}</div>
        <h2 className="plan-title">{plan.title}</h2>
        <div className="plan-rule plan-rule-title" />
      </header>

      {plan.preamble && <p className="plan-preamble">{plan.preamble}</p>}

      <section className="plan-bases" aria-label={translate('plans.bases.title')}>
        <div className="plan-bases-head">
          <span className="plan-annotation-key">{translate('plans.bases.title')}</span>
          {editable && (
            <Button type="link" size="small" icon={<EditOutlined  aria-hidden />} onClick={() => setDialog('bases')}>
              {translate('plans.bases.edit')}
            </Button>
          )}
        </div>
        {plan.legalBases.length === 0 ? (
          <div className="plan-annotation plan-muted">{translate('plans.bases.none')}</div>
        ) : (
          <ol className="plan-bases-list">
            {plan.legalBases.map((b) => (
              <li key={b.id}>
                {b.text}
                {b.refPlanId && (
                  <Link to={`/plans/${b.refPlanId}`} className="plan-bases-link">
                    <LinkOutlined aria-hidden /> {translate('plans.bases.openPlan')}
                  </Link>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <PlanBody />

      <footer className="plan-paper-footer">
        {editable && (
          <Tooltip title={translate('plans.footer.edit')}>
            <Button
              className="plan-paper-edit"
              size="small"
              icon={<EditOutlined  aria-hidden />}
              aria-label={translate('plans.footer.edit')}
              onClick={() => setDialog('footer')}
            />
          </Tooltip>
        )}
        <div className="plan-foot-grid">
          <div className="plan-recipients" data-testid="plan-recipients">
            {plan.recipients.length > 0 ? (
              <>
                <div className="plan-recipients-title">Nơi nhận:</div>
                {plan.recipients.map((r, i) => (
                  <div key={i}>{recipientLine(r)}</div>
                ))}
              </>
            ) : (
              editable && <div className="plan-placeholder">{translate('plans.footer.noRecipients')}</div>
            )}
          </div>
          <div className="plan-signature" data-testid="plan-signature">
            {plan.signature.authority && <div className="plan-signature-line">{plan.signature.authority}</div>}
            {plan.signature.title && <div className="plan-signature-line">{plan.signature.title}</div>}
            <div className="plan-signature-space">
              {plan.status === 'ISSUED' || plan.status === 'SUPERSEDED' ? (
                <span className="plan-muted">{translate('plans.footer.signedOn', { date: formatDate(plan.issuedDate) })}</span>
              ) : null}
            </div>
            {plan.signature.signerName ? (
              <div className="plan-signature-name">{plan.signature.signerName}</div>
            ) : (
              editable && <div className="plan-placeholder">{translate('plans.footer.noSigner')}</div>
            )}
          </div>
        </div>
      </footer>
      {(dialog === 'header' || dialog === 'footer') && <HeaderEditorModal focus={dialog} onClose={() => setDialog(null)} />}
      {dialog === 'bases' && <LegalBasesModal onClose={() => setDialog(null)} />}
    </article>
  );
}
