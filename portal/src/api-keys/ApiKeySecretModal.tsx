import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import type { CreatedApiKey } from './types';

/**
 * The new key, shown once: the API stores only its hash. The window closes only through the
 * button that says the key was saved (no click-outside, no Escape).
 */
export function ApiKeySecretModal({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const translate = useTranslate();
  const endpoint = `${window.location.origin}/graphql`;
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
      <Typography.Paragraph
        code
        className="api-key-secret"
        data-testid="api-key-secret"
        copyable={{ text: created.secret, tooltips: [translate('apiKeys.secret.copy'), translate('apiKeys.secret.copied')] }}
        style={{ fontSize: 15, wordBreak: 'break-all', marginTop: 4 }}
      >
        {created.secret}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {translate('apiKeys.secret.usage', { url: endpoint })}
      </Typography.Paragraph>
      <Typography.Paragraph code style={{ wordBreak: 'break-all' }}>
        Authorization: ApiKey {created.secret}
      </Typography.Paragraph>
    </Modal>
  );
}
