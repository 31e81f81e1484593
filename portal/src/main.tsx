import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/reset.css';
import './styles.css';
import { App, startFirstScreen } from './App';
import { initialLocale, loadMessages } from './i18n/locale';

startFirstScreen(location.pathname, location.search);
void loadMessages(initialLocale).finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
