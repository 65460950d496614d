/**
 * The pages `/pulse` answers with. Plain HTML, no scripts; the only things from the request put on
 * the page are the token (already verified, so only base64url and dots) and the score (a whole
 * number checked against the scale), both escaped all the same.
 */
import { plainPage } from '../plain-page';
import { escapeHtml } from '../email/escape';

export type PulsePage =
  | { kind: 'choose'; token: string; scores: number[] }
  | { kind: 'confirm'; token: string; score: number; scores: number[] }
  | { kind: 'thanks' }
  | { kind: 'closed' }
  | { kind: 'invalid-link' };

export function pulsePage(page: PulsePage, companyName: string): string {
  const company = escapeHtml(companyName);
  const form = (token: string, score: number, label: string, style: string) =>
    `<form method="post" action="pulse" style="display:inline"><input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="score" value="${score}"><button type="submit" style="${style}">${escapeHtml(label)}</button></form>`;
  const [title, body] = (() => {
    switch (page.kind) {
      case 'choose':
        return ['How would you rate us now?', `<p>Pick a score; nothing is recorded until you press it.</p><p>${page.scores.map((s) => form(page.token, s, String(s), BUTTON)).join(' ')}</p>`];
      case 'confirm':
        return [
          'How would you rate us now?',
          `<p>You chose <strong>${page.score}</strong>. Press the button to send it to ${company}.</p><p>${form(page.token, page.score, `Send ${page.score}`, PRIMARY)}</p><p>Or pick another score: ${page.scores.filter((s) => s !== page.score).map((s) => form(page.token, s, String(s), BUTTON)).join(' ')}</p>`,
        ];
      case 'thanks':
        return ['Thank you', `<p>${company} has your answer. You do not need to do anything else.</p>`];
      case 'closed':
        return ['This survey has closed', `<p>This question is no longer open. Reply to any email from ${company} to tell us how we are doing.</p>`];
      case 'invalid-link':
        return ['This link does not work', `<p>The link is invalid or has expired. Reply to any email from ${company} to tell us how we are doing.</p>`];
    }
  })();
  return plainPage(title, body);
}

const BUTTON = 'min-width:2.5em;padding:.5em;margin:.15em;border:1px solid #9ca3af;border-radius:6px;background:#fff;font-size:1em;cursor:pointer';
const PRIMARY = 'padding:.6em 1.4em;border:0;border-radius:6px;background:#1d4ed8;color:#fff;font-size:1em;cursor:pointer';
