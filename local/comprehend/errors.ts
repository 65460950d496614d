/**
 * Comprehend's error vocabulary. The `type` is what AWS JSON 1.1 clients read from `__type` /
 * `x-amzn-ErrorType` to pick the SDK exception class, so spellings must match the service model.
 */
export type ComprehendErrorType =
  | 'TextSizeLimitExceededException'
  | 'BatchSizeLimitExceededException'
  | 'InvalidRequestException'
  | 'UnsupportedLanguageException'
  | 'UnknownOperationException'
  | 'InternalServerException';

export class ComprehendError extends Error {
  constructor(
    readonly type: ComprehendErrorType,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }
}
