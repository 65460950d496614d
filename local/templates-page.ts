/**
 * GET /local/templates on the local API: every email template × locale side by side, rendered from
 * the files on disk at each request (edit, reload), with the validation problems that would stop
 * `npm start` and `cdk synth` listed first. Local only: the deployed API has no such route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readTemplateFiles } from '../functions/domain/email/build';
import { templatesPage } from '../functions/domain/email/preview';
import { TemplateSet, validateTemplates } from '../functions/domain/email/templates';
import type { Settings } from '../functions/domain/settings';

export function serveTemplatesPage(req: IncomingMessage, res: ServerResponse, settings: Settings): boolean {
  if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://local').pathname !== '/local/templates') return false;
  const files = readTemplateFiles();
  const problems = validateTemplates(files, { languages: settings.email.languages });
  const html = templatesPage(new TemplateSet(files), settings, problems);
  // The rendered emails sit in sandboxed iframes (no scripts, no same-origin); the page itself runs none.
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-src 'self' about:", 'x-content-type-options': 'nosniff' });
  res.end(html);
  return true;
}
