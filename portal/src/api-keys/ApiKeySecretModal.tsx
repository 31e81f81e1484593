import { useState } from 'react';
import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import type { CreatedApiKey } from './types';

/**
 * The new key, shown once: the API stores only its hash. The window closes only through the
 * button that says the key was saved (no click-outside, no Escape).
 */
export function ApiKeySecretModal({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const translate = useTranslate();
  const endpoint = `${window.location.origin}/graphql`;
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    setCopied(await copyText(created.secret));
  };
  return (
    <Modal
      open
      title={translate('apiKeys.secret.title', { name: created.apiKey.name })}
      closable={false}
      maskClosable={false}
      keyboard={false}
      width={640}
      footer={
        <Button type="primary" onClick={onClose}>
          {translate('apiKeys.secret.confirm')}
        </Button>
      }
    >
      <Alert
        type="warning"
        showIcon
        role="alert"
        style={{ marginBottom: 16 }}
        message={translate('apiKeys.secret.warning')}
        description={translate('apiKeys.secret.warningDetail')}
      />
      <Typography.Text strong>{translate('apiKeys.secret.label')}</Typography.Text>
      <Flex gap={8} align="center" style={{ marginTop: 4, marginBottom: 16 }}>
        <Typography.Text
          code
          className="api-key-secret"
          data-testid="api-key-secret"
          style={{ fontSize: 15, wordBreak: 'break-all', flex: 1 }}
        >
          {created.secret}
        </Typography.Text>
        <Button icon={copied ? <CheckOutlined  aria-hidden /> : <CopyOutlined  aria-hidden />} onClick={() => void copy()} aria-live="polite">
          {copied ? translate('apiKeys.secret.copied') : translate('apiKeys.secret.copy')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {translate('apiKeys.secret.usage', { url: endpoint })}
      </Typography.Paragraph>
      <Typography.Paragraph code style={{ wordBreak: 'break-all' }}>
        Authorization: ApiKey {created.secret}
      </Typography.Paragraph>
    </Modal>
  );
}

/** Clipboard API where allowed (HTTPS or localhost), else the older selection-based copy. */
async function copyText(value: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(value);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = value;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
