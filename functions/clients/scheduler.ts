import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { withoutRequestLog } from './no-request-log';

export const scheduler = withoutRequestLog(new SchedulerClient({ maxAttempts: 5, retryMode: 'standard' }));
