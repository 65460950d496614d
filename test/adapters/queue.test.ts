/**
 * Message bodies go to SQS ASCII-safe: any text a customer can type (emoji, 𝓖, CJK, Arabic,
 * combining marks, U+FFFF) survives `JSON.parse` on the other side unchanged, and no SQS —
 * the real one or the local server — can refuse it. Batches respect SQS's payload limit.
 */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parkInDlq, sendMessages, sqsSafeBody } from '../../functions/adapters/queue';

const ASCII = /^[\x00-\x7e]*$/;
const TEXTS = ['Great 👍 but 😡 shipping', '配送が遅すぎます。返金してください', 'الخدمة ممتازة، شكرا لكم', 'Cafe\u0301 cre\u0300me bru\u0302le\u0301e', '𝓖𝓻𝓮𝓪𝓽 𝕤𝕖𝕣𝕧𝕚𝕔𝕖', 'noncharacter \uFFFF\uFFFE', 'quote " backslash \\ line\nbreak'];

describe('sqsSafeBody', () => {
  it('turns every JSON body into ASCII that parses back to the same value', () => {
    for (const text of TEXTS) {
      const body = JSON.stringify({ text, customer: { name: text } });
      const safe = sqsSafeBody(body);
      expect(safe).toMatch(ASCII);
      expect(JSON.parse(safe)).toEqual(JSON.parse(body));
    }
    // Any code point, lone surrogates included (built from integers: fast-check's own full-Unicode strings are slow).
    const anyText = fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 200 })
      .map((cps) => cps.map((c) => (c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : String.fromCodePoint(c))).join(''));
    fc.assert(fc.property(fc.array(anyText, { maxLength: 4 }), anyText, (value, text) => {
      const body = JSON.stringify({ value, text });
      const safe = sqsSafeBody(body);
      return ASCII.test(safe) && JSON.stringify(JSON.parse(safe)) === body;
    }));
  });

  it('leaves ASCII bodies and bodies that are not JSON as they are', () => {
    expect(sqsSafeBody('{"a":"b"}')).toBe('{"a":"b"}');
    expect(sqsSafeBody('not json 👍')).toBe('not json 👍');
  });
});

describe('every send is ASCII-safe', () => {
  const sqs = mockClient(SQSClient);
  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm' });
  });
  afterEach(() => sqs.reset());

  it('sendMessages and parkInDlq', async () => {
    await sendMessages('https://sqs.test/q', TEXTS.map((text, i) => ({ id: String(i), body: JSON.stringify({ text }) })));
    await parkInDlq('https://sqs.test/dlq', JSON.stringify({ text: TEXTS[0] }), 'poison 😡');
    const bodies = [
      ...sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => e.MessageBody!)),
      ...sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.MessageBody!),
    ];
    expect(bodies).toHaveLength(TEXTS.length + 1);
    for (const body of bodies) expect(body).toMatch(ASCII);
    expect(bodies.slice(0, TEXTS.length).map((b) => (JSON.parse(b) as { text: string }).text)).toEqual(TEXTS);
  });

  it('splits a batch before its bodies pass 256 KiB', async () => {
    const big = JSON.stringify({ text: '😡'.repeat(8_000) }); // 32 KB raw, ~96 KB escaped
    await sendMessages('https://sqs.test/q', Array.from({ length: 10 }, (_, i) => ({ id: String(i), body: big })));
    const batches = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries!);
    expect(batches.flat()).toHaveLength(10);
    for (const entries of batches) expect(entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody!), 0)).toBeLessThanOrEqual(256 * 1024);
  });
});
