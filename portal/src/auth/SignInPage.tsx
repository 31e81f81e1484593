import { useState } from 'react';
import { Alert, Button, Flex, Form } from 'antd';
// Input and Password alone: antd's Input index would also bring TextArea, OTP and Search.
import Input from 'antd/es/input/Input';
import Password from 'antd/es/input/Password';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useLogin, useNotification, useTranslate } from '@refinedev/core';
import { usePageTitle } from '../common/page-title';
import { AppLogo } from '../layout/AppTitle';
import { LanguageSwitch } from '../layout/LanguageSwitch';

interface Credentials {
  username: string;
  password: string;
}

/** Username and password; a failure is said in the form (no account enumeration: one message). */
export function SignInPage() {
  const translate = useTranslate();
  const { close } = useNotification();
  const { mutate: login, isPending } = useLogin<Credentials>();
  const [error, setError] = useState<string | null>(null);
  usePageTitle(translate('auth.title'));

  const onFinish = (values: Credentials) => {
    setError(null);
    login(values, {
      onSuccess: (result) => {
        if (!result.success) {
          close?.('login-error');
          setError(result.error?.message ?? translate('auth.wrongCredentials'));
        }
      },
    });
  };

  return (
    <div className="sign-in">
      <div className="sign-in-lang">
        <LanguageSwitch />
      </div>
      <Flex vertical align="center" gap={24} className="sign-in-inner">
        <Flex vertical align="center" gap={8}>
          <AppLogo size={56} />
          <div className="sign-in-app-name">{translate('app.fullName')}</div>
          <span className="text-secondary">{translate('app.domain')}</span>
        </Flex>
        <main className="sign-in-card">
          <h1 className="sign-in-title">{translate('auth.title')}</h1>
          <p className="text-secondary">{translate('auth.subtitle')}</p>
          {error && (
            <Alert type="error" showIcon role="alert" message={translate('auth.failed')} description={error} style={{ marginBottom: 16 }} />
          )}
          <Form<Credentials> layout="vertical" onFinish={onFinish} requiredMark={false} name="sign-in">
            <Form.Item
              name="username"
              label={translate('auth.username')}
              rules={[{ required: true, whitespace: true, message: translate('auth.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined aria-hidden />}
                autoComplete="username"
                autoFocus
                size="large"
                spellCheck={false}
                autoCapitalize="none"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={translate('auth.password')}
              rules={[{ required: true, message: translate('auth.passwordRequired') }]}
            >
              <Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={isPending}>
              {translate('auth.submit')}
            </Button>
          </Form>
        </main>
        <p className="text-secondary sign-in-footer">{translate('auth.footer')}</p>
      </Flex>
    </div>
  );
}
