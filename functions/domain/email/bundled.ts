/**
 * The templates compiled into this bundle at build time (build.ts writes generated/templates.js from
 * templates/), parsed lazily, once per cold start. Only the Lambdas import this module: previews and
 * the CLI render the files on disk, so they work before anything was built.
 */
import { TEMPLATE_FILES } from './generated/templates.js';
import { TemplateSet } from './templates';

let bundled: TemplateSet | undefined;
export const bundledTemplates = () => (bundled ??= new TemplateSet(TEMPLATE_FILES));
