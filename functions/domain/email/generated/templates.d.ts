// Types of the module functions/domain/email/build.ts generates (templates.js, not committed).
export declare const TEMPLATE_FILES: Readonly<Record<string, string>>;
