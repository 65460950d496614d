/** The SES v2 request an outreach email becomes, and the unsubscribe signing keys during a rotation. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sendEmail } from '#adapters/mailer';

const ses = mockClient(SESv2Client);
const secrets = mockClient(SecretsManagerClient);

beforeEach(() => {
  ses.reset();
  secrets.reset();
});

describe('mailer', () => {
  it('sends HTML + text with the configuration set, tags and RFC 8058 headers, and returns the SES message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-123' });
    const id = await sendEmail({
      from: 'Acme <team@acme.example>',
      to: 'ana@example.com',
      replyTo: 'help@acme.example',
      subject: 'Thank you',
      html: '<p>Hi</p>',
      text: 'Hi',
      headers: { 'List-Unsubscribe': '<https://api/unsubscribe?token=t>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      configurationSet: 'outreach',
      tags: { kind: 'gratitude', channel: 'survey' },
    });
    expect(id).toBe('ses-123');
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: 'Acme <team@acme.example>',
      Destination: { ToAddresses: ['ana@example.com'] },
      ReplyToAddresses: ['help@acme.example'],
      ConfigurationSetName: 'outreach',
      EmailTags: [{ Name: 'kind', Value: 'gratitude' }, { Name: 'channel', Value: 'survey' }],
      Content: {
        Simple: {
          Subject: { Data: 'Thank you', Charset: 'UTF-8' },
          Body: { Html: { Data: '<p>Hi</p>', Charset: 'UTF-8' }, Text: { Data: 'Hi', Charset: 'UTF-8' } },
          Headers: [
            { Name: 'List-Unsubscribe', Value: '<https://api/unsubscribe?token=t>' },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    });
  });
});

describe('unsubscribe keys', () => {
  it('signs with the current key and verifies with current and previous', async () => {
    process.env.UNSUBSCRIBE_KEY_SECRET_ID = 'keys-rotating';
    secrets.on(GetSecretValueCommand, { SecretId: 'keys-rotating' }).resolves({ SecretString: '{"current":"new","previous":"old"}' });
    const { unsubscribeKeys } = await import('#adapters/unsubscribe-keys');
    expect(await unsubscribeKeys()).toEqual({ current: 'new', all: ['new', 'old'] });
  });

  it('refuses to run without a current key', async () => {
    process.env.UNSUBSCRIBE_KEY_SECRET_ID = 'keys-empty';
    secrets.on(GetSecretValueCommand, { SecretId: 'keys-empty' }).resolves({ SecretString: '{}' });
    const { unsubscribeKeys } = await import('#adapters/unsubscribe-keys');
    await expect(unsubscribeKeys()).rejects.toThrow('unsubscribe signing key is not set');
  });
});
