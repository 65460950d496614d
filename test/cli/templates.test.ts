/**
 * Emails in the customer's language and templates previewed locally, with the real binary against
 * one local runtime: a French comment without a locale gets a French email; `cx-loop send --locale`
 * sets the customer's locale; `cx-loop templates preview` renders into the local inbox and prints the
 * text part; GET /local/templates shows every template × locale.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox, type StoredEmail } from '../../local/webhook-client';
import { eventually, runCli } from './cli';

let runtime: LocalRuntime;
let endpoint: string[];

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, onEscalation: () => undefined });
  endpoint = ['--endpoint', runtime.apiUrl];
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
});

const emailTo = async (address: string): Promise<StoredEmail> => {
  const found = await eventually(
    async () => (await sesInbox(runtime.sesStoreUrl)).find((e: StoredEmail) => e.destination.to.includes(address)),
    (e) => e !== undefined,
    30_000,
  );
  if (!found) throw new Error(`no email to ${address}`);
  return found;
};

describe('the language of the email', () => {
  it('follows the words of a comment with no locale (French), detected by the pipeline', async () => {
    const id = randomUUID();
    const address = `fr-${id}@example.com`;
    const res = await postGeneric(runtime.apiUrl, runtime.webhookSecrets.generic![0]!, {
      sourceEventId: id,
      customer: { email: address, emailVerified: true, name: 'Chloé' },
      metric: { type: 'nps', score: 4 },
      text: 'Le colis est arrivé avec deux semaines de retard et personne ne répond à mes messages. Très déçue.',
    });
    expect(res.status).toBe(202);
    const email = await emailTo(address);
    expect(email.subject).toBe('Nous sommes désolés et voulons arranger les choses');
    expect(email.body.text).toContain('Bonjour Chloé,');
    expect(email.body.text).toContain('— Sam, Service client d’Acme Outfitters');
    expect(email.body.text).not.toContain('personnellement');
  }, 120_000);

  it('cx-loop send --locale sets the customer locale', async () => {
    const id = randomUUID();
    const address = `de-${id}@example.com`;
    const sent = await runCli(['send', ...endpoint, '--score', '2', '--text', 'The parcel never came.', '--email', address, '--locale', 'de-AT', '--id', id]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await emailTo(address)).subject).toBe('Es tut uns leid – wir möchten es wiedergutmachen');
  }, 120_000);
});

describe('cx-loop templates', () => {
  it('check validates the files on disk', async () => {
    const result = await runCli(['templates', 'check']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/templates OK \(gratitude: de, en, es, fr, pt; recovery: de, en, es, fr, pt; pulse: de, en, es, fr, pt\)/);
  }, 120_000);

  it('preview renders into the local inbox and prints the text part', async () => {
    const to = `preview-${randomUUID()}@example.com`;
    const result = await runCli(['templates', 'preview', ...endpoint, '--kind', 'recovery', '--locale', 'fr', '--to', to]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Subject: Nous sommes désolés et voulons arranger les choses');
    expect(result.stdout).toContain('Bonjour Ana Lima,');
    const email = await emailTo(to);
    expect(email.body.html).toContain('lang="fr"');
  }, 120_000);

  it('preview --feedback renders for a stored feedback: its name, words and language', async () => {
    const id = randomUUID();
    await postGeneric(runtime.apiUrl, runtime.webhookSecrets.generic![0]!, {
      sourceEventId: id,
      customer: { email: `pt-${id}@example.com`, emailVerified: true, name: 'João', locale: 'pt-BR' },
      metric: { type: 'nps', score: 10 },
      text: 'Entrega rápida, adorei.',
    });
    await emailTo(`pt-${id}@example.com`);
    const to = `preview-${id}@example.com`;
    const result = await runCli(['templates', 'preview', ...endpoint, '--kind', 'gratitude', '--feedback', `generic#${id}`, '--to', to]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Subject: Obrigado pelo seu feedback');
    expect(result.stdout).toContain('Olá, João,');
    expect(result.stdout).toContain('> Entrega rápida, adorei.');
    await emailTo(to);
  }, 120_000);

  it('preview names a feedback it cannot find', async () => {
    const result = await runCli(['templates', 'preview', ...endpoint, '--kind', 'recovery', '--feedback', 'generic#nope']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('No stored feedback generic#nope.');
  }, 120_000);

  it('GET /local/templates shows every template × locale side by side', async () => {
    const res = await fetch(`${runtime.apiUrl}/local/templates`);
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const kind of ['gratitude', 'recovery', 'pulse']) for (const locale of ['en', 'es', 'fr', 'de', 'pt']) expect(page).toContain(`<h2>${kind} · ${locale}</h2>`);
    expect(page.match(/<iframe sandbox=""/g)).toHaveLength(15);
    expect(page).not.toContain('class="problems"');
  }, 120_000);
});
