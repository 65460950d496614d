import { SchedulerClient } from '@aws-sdk/client-scheduler';

export const scheduler = new SchedulerClient({ maxAttempts: 5, retryMode: 'standard' });
