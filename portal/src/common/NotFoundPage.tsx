import { Button, Card, Result } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useNavigate } from 'react-router';
import { PageFrame } from './PageFrame';

/** An address the portal does not know. */
export function NotFoundPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  return (
    <PageFrame title={translate('common.notFoundTitle')}>
      <Card>
        <Result
          status="404"
          subTitle={translate('common.pageNotFound')}
          extra={
            <Button type="primary" onClick={() => navigate('/')}>
              {translate('common.backHome')}
            </Button>
          }
        />
      </Card>
    </PageFrame>
  );
}
