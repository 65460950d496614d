/** Sends one email through SES v2. Every header value is made header-safe before it gets here. */
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ses } from '#clients/ses';

export interface Email {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  configurationSet?: string;
  tags?: Record<string, string>;
}

export async function sendEmail(email: Email): Promise<string> {
  const out = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: email.from,
      Destination: { ToAddresses: [email.to] },
      ReplyToAddresses: email.replyTo ? [email.replyTo] : undefined,
      ConfigurationSetName: email.configurationSet,
      EmailTags: email.tags ? Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) : undefined,
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          Headers: email.headers ? Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })) : undefined,
        },
      },
    }),
  );
  return out.MessageId ?? 'unknown';
}
