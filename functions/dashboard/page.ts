/**
 * GET /dashboard: one self-contained HTML page (styles, Chart.js and our script inlined), so it
 * needs no other route, no CDN and works offline. The inline script is allowed by its hash in the
 * Content-Security-Policy; the page's settings travel as inert JSON, never as code.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { escapeHtml } from '#domain/email/escape';
import { DASHBOARD_CSS, DASHBOARD_JS } from './generated/app-bundle.js';

export interface DashboardConfig {
  title: string;
  channels: readonly string[];
  timezone: string;
}

const scriptHash = createHash('sha256').update(DASHBOARD_JS).digest('base64');
const CSP = [
  "default-src 'none'",
  `script-src 'sha256-${scriptHash}'`,
  // Chart.js sizes its canvases with inline styles.
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function dashboardPage(config: DashboardConfig): APIGatewayProxyResultV2 {
  // `<` escaped so no value can close the JSON script element.
  const data = JSON.stringify(config).replace(/</g, '\\u003c');
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(config.title)} · Customer experience</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<script type="application/json" id="cx-config">${data}</script>
<script>${DASHBOARD_JS}</script>
</body>
</html>`;
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body,
  };
}
