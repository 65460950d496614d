/** Customer identity as a dashboard or list may show it: enough to recognise, never the whole address. */

/** `ana.lopez@example.com` → `a***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
