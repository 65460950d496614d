/**
 * The verification contract every signed source must meet, run per source: valid accepted,
 * tampered body / wrong secret / missing header rejected with 401, second secret of a rotation
 * accepted, and (where the vendor signs a timestamp) stale deliveries rejected.
 */
import { expect, it } from 'vitest';
import { ProblemError } from '../../../functions/domain/problem';
import type { WebhookRequest } from '../../../functions/domain/sources/webhook-source';
import { NOW, tamper } from './signers';

interface Verifiable {
  verify(req: WebhookRequest, ctx: { secrets: readonly string[]; now: Date }): void;
}

export interface ContractInput {
  source: Verifiable;
  /** A request for `body` signed with `secret` as of `at`. */
  signed(body: Buffer, secret: string, at: Date): WebhookRequest;
  body: Buffer;
  signatureHeader: string;
  signsTimestamp: boolean;
  now?: Date;
  /** For vendors with a secret format (Standard Webhooks `whsec_…`). */
  secrets?: { current: string; previous: string; foreign: string };
}

const CURRENT_SECRET = 'test-secret-current';
const PREVIOUS_SECRET = 'test-secret-previous';
export const SECRET = CURRENT_SECRET;
/** Ours, or the Standard Webhooks library's wording for the same failure. */
const MISMATCH = /does not match|No matching signature/;

export function expectUnauthorized(run: () => unknown, reason: RegExp) {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemError);
    expect((err as ProblemError).status).toBe(401);
    expect((err as ProblemError).message).toMatch(reason);
    return;
  }
  throw new Error('expected an unauthorized ProblemError');
}

export function verificationContract({ source, signed, body, signatureHeader, signsTimestamp, now = NOW, secrets: keys }: ContractInput) {
  const { current: SECRET, previous: OLD_SECRET, foreign } = keys ?? { current: CURRENT_SECRET, previous: PREVIOUS_SECRET, foreign: 'someone-elses-secret' };
  const verify = (req: WebhookRequest, secrets = [SECRET]) => source.verify(req, { secrets, now });

  it('accepts a delivery signed with the current secret', () => {
    expect(() => verify(signed(body, SECRET, now))).not.toThrow();
  });

  it('accepts the other secret while a rotation is in progress', () => {
    expect(() => verify(signed(body, OLD_SECRET, now), [SECRET, OLD_SECRET])).not.toThrow();
  });

  it('rejects a tampered body', () => {
    const req = signed(body, SECRET, now);
    expectUnauthorized(() => verify({ ...req, rawBody: tamper(req.rawBody) }), MISMATCH);
  });

  it('rejects a signature made with another secret', () => {
    expectUnauthorized(() => verify(signed(body, foreign, now)), MISMATCH);
  });

  it('rejects a delivery without the signature header, naming it', () => {
    const req = signed(body, SECRET, now);
    const headers = { ...req.headers, [signatureHeader]: undefined };
    expectUnauthorized(() => verify({ ...req, headers }), new RegExp(`Missing .*${signatureHeader}`, 'i'));
  });

  it('never echoes the expected signature', () => {
    const req = signed(body, SECRET, now);
    try {
      verify({ ...req, rawBody: tamper(req.rawBody) });
    } catch (err) {
      expect((err as Error).message).not.toContain(signed(tamper(body), SECRET, now).headers[signatureHeader] ?? '<none>');
    }
  });

  if (signsTimestamp) {
    it('rejects a delivery signed more than five minutes ago', () => {
      const stale = new Date(now.getTime() - 6 * 60_000);
      expectUnauthorized(() => verify(signed(body, SECRET, stale)), /tolerance|too old/i);
    });
  }
}
