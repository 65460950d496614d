import { SNSClient } from '@aws-sdk/client-sns';
import { withoutRequestLog } from './no-request-log';

export const sns = withoutRequestLog(new SNSClient({ maxAttempts: 5, retryMode: 'standard' }));
