/**
 * RFC 9457 problem details. Domain code throws these; the HTTP edge renders them as
 * application/problem+json. `detail` is written for the caller and must never echo secrets.
 */
export interface ProblemField {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly fields: ProblemField[] | undefined;

  constructor(status: number, title: string, detail: string, options: { fields?: ProblemField[]; cause?: unknown } = {}) {
    super(detail, { cause: options.cause });
    this.name = 'ProblemError';
    this.status = status;
    this.title = title;
    this.fields = options.fields;
  }

  toJSON(instance?: string) {
    return {
      type: `https://cx-loop.dev/problems/${slug(this.title)}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.fields ? { errors: this.fields } : {}),
    };
  }
}

export const badRequest = (detail: string, fields?: ProblemField[]) =>
  new ProblemError(400, 'Bad Request', detail, fields ? { fields } : {});
export const unauthorized = (detail: string) => new ProblemError(401, 'Unauthorized', detail);
export const notFound = (detail: string) => new ProblemError(404, 'Not Found', detail);
export const payloadTooLarge = (detail: string) => new ProblemError(413, 'Payload Too Large', detail);
export const unsupportedMediaType = (detail: string) => new ProblemError(415, 'Unsupported Media Type', detail);

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
