/** Logger and metrics singletons shared by every handler (one per cold start). */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'cx-loop' });
export const metrics = new Metrics({ namespace: 'CxLoop', serviceName: 'cx-loop' });
