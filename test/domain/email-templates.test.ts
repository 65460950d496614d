/** The template validator: every mistake a CX team can make in templates/ stops synth and npm start with file:line. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLING } from '../../lib/bundling';
import { loadTemplates, readTemplateFiles } from '../../functions/domain/email/build';
import { formatProblem, TemplateError, validateTemplates, type TemplateFiles } from '../../functions/domain/email/templates';
import { settings } from '../../functions/settings';

const files = readTemplateFiles();
const languages = ['en', 'es', 'fr', 'de', 'pt'];
const problemsWith = (changes: Record<string, string | undefined>, langs = languages) => {
  const next: Record<string, string> = { ...files };
  for (const [file, source] of Object.entries(changes)) {
    if (source === undefined) delete next[file];
    else next[file] = source;
  }
  return validateTemplates(next as TemplateFiles, { languages: langs }).map(formatProblem);
};
const withLine = (file: string, source: string, line: number, text: string) => {
  const lines = source.split('\n');
  lines.splice(line - 1, 0, text);
  return { [file]: lines.join('\n') };
};

describe('the bundled templates', () => {
  it('are valid for the shipped configuration', () => {
    expect(validateTemplates(files, { languages: settings.email.languages })).toEqual([]);
  });

  it('are inlined into the bundle of the module notify renders with: no file is read at run time', async () => {
    const out = await build({
      // notify's own bundle holds the same module; this one alone bundles in a fraction of the time.
      entryPoints: [path.resolve('functions/domain/email/bundled.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: BUNDLING.format,
      target: BUNDLING.target,
      mainFields: [...BUNDLING.mainFields],
      banner: { js: BUNDLING.banner },
      logLevel: 'error',
    });
    const code = out.outputFiles[0]!.text;
    expect(code).toContain('We are sorry we let you down.');
    expect(code).toContain('recovery/pt.html.liquid');
    expect(code).not.toMatch(/readTemplateFiles|TEMPLATES_ROOT/);
  }, 60_000);
});

describe('validation names file and line', () => {
  it('an unknown variable', () => {
    const file = 'recovery/fr.text.liquid';
    expect(problemsWith(withLine(file, files[file]!, 3, 'Bonjour {{ customer.nmae }}'))).toEqual([
      expect.stringMatching(/^templates\/recovery\/fr\.text\.liquid:3: unknown variable "customer\.nmae"/),
    ]);
    expect(problemsWith({ 'gratitude/de.html.liquid': files['gratitude/de.html.liquid']!.replace('</body>', '{{ customer.email }}</body>') })[0]).toMatch(
      /^templates\/gratitude\/de\.html\.liquid:\d+: unknown variable "customer\.email"/,
    );
  });

  it('unbalanced tags', () => {
    const file = 'gratitude/es.text.liquid';
    expect(problemsWith(withLine(file, files[file]!, 5, '{% if quote %}sin cerrar'))).toEqual([expect.stringMatching(/^templates\/gratitude\/es\.text\.liquid:5: tag \{% if quote %\} not closed/)]);
    expect(problemsWith({ 'recovery/en.html.liquid': `${files['recovery/en.html.liquid']!}{% endif %}` })[0]).toMatch(/^templates\/recovery\/en\.html\.liquid:\d+: .*endif/);
    expect(problemsWith({ 'recovery/en.subject.liquid': 'Sorry {{ customer.name ' })[0]).toMatch(/^templates\/recovery\/en\.subject\.liquid:1: /);
  });

  it('an unknown filter', () => {
    expect(problemsWith({ 'recovery/en.subject.liquid': 'Sorry {{ customer.name | shout }}' })).toEqual([expect.stringMatching(/^templates\/recovery\/en\.subject\.liquid:1: undefined filter: shout/)]);
  });

  it('a missing locale for an enabled language, or a missing part', () => {
    expect(problemsWith({}, [...languages, 'it'])).toEqual([
      'templates/gratitude/it.subject.liquid: missing: email.languages enables "it"',
      'templates/gratitude/it.text.liquid: missing: email.languages enables "it"',
      'templates/gratitude/it.html.liquid: missing: email.languages enables "it"',
      'templates/recovery/it.subject.liquid: missing: email.languages enables "it"',
      'templates/recovery/it.text.liquid: missing: email.languages enables "it"',
      'templates/recovery/it.html.liquid: missing: email.languages enables "it"',
      'templates/pulse/it.subject.liquid: missing: email.languages enables "it"',
      'templates/pulse/it.text.liquid: missing: email.languages enables "it"',
      'templates/pulse/it.html.liquid: missing: email.languages enables "it"',
    ]);
    expect(problemsWith({ 'recovery/de.html.liquid': undefined })).toEqual(['templates/recovery/de.html.liquid: missing: email.languages enables "de"']);
    expect(problemsWith({ 'recovery/nl.subject.liquid': 'Sorry' })).toEqual([
      'templates/recovery/nl.text.liquid: missing: the nl recovery email has other parts but no text',
      'templates/recovery/nl.html.liquid: missing: the nl recovery email has other parts but no html',
    ]);
  });

  it('a missing unsubscribe link, also when it is shown only under a condition', () => {
    const file = 'recovery/pt.text.liquid';
    expect(problemsWith({ [file]: files[file]!.replace(/.*links\.unsubscribe.*\n/, '') })).toEqual([
      'templates/recovery/pt.text.liquid:1: no unsubscribe link with only the required variables: every email must show {{ links.unsubscribe }}',
    ]);
    const html = 'gratitude/fr.html.liquid';
    expect(problemsWith({ [html]: files[html]!.replace('<a href="{{ links.unsubscribe }}"', '{% if owner %}<a href="{{ links.unsubscribe }}"{% endif %}') })).toEqual([
      'templates/gratitude/fr.html.liquid:1: no unsubscribe link with only the required variables: every email must show {{ links.unsubscribe }}',
    ]);
  });

  it('a re-survey that does not link every score of the scale', () => {
    const file = 'pulse/de.text.liquid';
    expect(problemsWith({ [file]: files[file]!.replace('{% for s in links.scores %}', '{% for s in links.scores limit: 5 %}') })).toEqual([
      'templates/pulse/de.text.liquid:1: not every answer link with only the required variables: the re-survey must show the url of each entry of links.scores',
    ]);
    expect(problemsWith({ 'pulse/en.html.liquid': files['pulse/en.html.liquid']!.replace('{{ s.url }}', '{{ s.link }}') })).toContain(
      'templates/pulse/en.html.liquid:1: not every answer link with only the required variables: the re-survey must show the url of each entry of links.scores',
    );
  });

  it('raw output of a customer value, directly or through a local', () => {
    const file = 'recovery/en.html.liquid';
    const problems = problemsWith(withLine(file, files[file]!, 4, '{{ quote | raw }}{% assign n = customer.name %}{{ n | raw }}'));
    expect(problems).toEqual([
      expect.stringMatching(/^templates\/recovery\/en\.html\.liquid:4: raw output of "quote" is not allowed/),
      expect.stringMatching(/^templates\/recovery\/en\.html\.liquid:4: raw output of "n" is not allowed/),
    ]);
    expect(problemsWith(withLine(file, files[file]!, 4, '{{ brand.signature | raw }}'))).toEqual([]);
  });

  it('rebinding a template variable (which would let raw print a customer value)', () => {
    const file = 'recovery/en.html.liquid';
    expect(problemsWith(withLine(file, files[file]!, 2, '{% assign brand = quote %}'))).toEqual([expect.stringMatching(/^templates\/recovery\/en\.html\.liquid:2: "brand" is a template variable and cannot be assigned/)]);
  });

  it('a public review link in the gratitude email only (review gating)', () => {
    const file = 'gratitude/de.text.liquid';
    const gated = { [file]: files[file]!, 'recovery/de.text.liquid': files['recovery/de.text.liquid']!.replace(/.*links\.review.*\n/, ''), 'recovery/de.html.liquid': files['recovery/de.html.liquid']!.replace(/.*links\.review.*\n/, '') };
    expect(problemsWith(gated)).toEqual([expect.stringMatching(/^templates\/gratitude\/de\.text\.liquid:\d+: links\.review appears in the gratitude email but not in the recovery email: .*review gating.*Google's review policy/)]);
  });

  it('a tag that would read another file (include, render, layout)', () => {
    expect(problemsWith({ 'recovery/en.subject.liquid': "Sorry{% include '/etc/passwd' %}" })).toEqual([
      expect.stringMatching(/^templates\/recovery\/en\.subject\.liquid:1: \{% include %\} is not supported/),
    ]);
    expect(problemsWith({ 'recovery/en.subject.liquid': "Sorry{% render 'x' %}" })[0]).toMatch(/render %\} is not supported/);
  });

  it('an unexpected file name', () => {
    expect(problemsWith({ 'recovery/fr.body.liquid': 'x', 'thanks/en.text.liquid': 'x' })).toEqual([
      expect.stringMatching(/^templates\/recovery\/fr\.body\.liquid: unexpected file/),
      expect.stringMatching(/^templates\/thanks\/en\.text\.liquid: unexpected file/),
    ]);
  });
});

describe('loading from disk', () => {
  it('throws one error listing every problem as file:line', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cx-templates-'));
    for (const [file, source] of Object.entries(files)) {
      mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(root, file), source);
    }
    writeFileSync(path.join(root, 'recovery/en.subject.liquid'), 'Sorry {% if quote %}');
    writeFileSync(path.join(root, 'README.md'), 'ignored');
    let error: unknown;
    try {
      loadTemplates({ languages }, root);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as Error).message).toMatch(/Invalid email templates:\n {2}- templates\/recovery\/en\.subject\.liquid:1: tag \{% if quote %\} not closed/);
  });
});
