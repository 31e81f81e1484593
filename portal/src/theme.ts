import type { ThemeConfig } from 'antd';

/**
 * Sober and legible: a deep administrative blue for actions, the red of official seals kept for
 * the mark, Vietnamese-friendly system fonts (full diacritics), dense enough for 1366×768.
 * Secondary text is darker than antd's default so that it keeps a 4.5:1 contrast (WCAG AA).
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f4e8c',
    colorLink: '#1f4e8c',
    // antd's #ff4d4f keeps 3.3:1 on white: danger buttons ("Ngừng sử dụng") and field errors
    // failed axe's colour contrast; this red keeps 5.9:1.
    colorError: '#c41d25',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 6,
    fontSize: 14,
    fontFamily: "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 60, headerPadding: '0 24px', bodyBg: '#f3f5f8', siderBg: '#ffffff' },
    Table: { headerBg: '#f0f3f8' },
    Menu: { itemSelectedBg: '#e6eef8', itemSelectedColor: '#1f4e8c', itemHoverBg: '#f0f4fa' },
    Tree: { nodeSelectedBg: '#dbe6f4', nodeHoverBg: '#f0f4fa' },
  },
};
