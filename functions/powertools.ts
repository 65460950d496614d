/** Logger and metrics singletons shared by every handler (one per cold start). */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'cx-loop' });

/**
 * Metrics writes its own warnings to the console, past POWERTOOLS_LOG_LEVEL — among them "No
 * application metrics to publish…" after every invocation that counted nothing, which is normal
 * here (read routes, a batch of redeliveries). Routed through the logger, that one is a debug line;
 * its other warnings (a dimension or metric CloudWatch would drop) stay warnings.
 */
const metricsLogger = {
  trace: (...content: unknown[]) => logger.trace(String(content[0] ?? '')),
  debug: (...content: unknown[]) => logger.debug(String(content[0] ?? '')),
  info: (...content: unknown[]) => logger.info(String(content[0] ?? '')),
  warn: (...content: unknown[]) => {
    const message = String(content[0] ?? '');
    if (message.startsWith('No application metrics to publish')) logger.debug(message);
    else logger.warn(message);
  },
  error: (...content: unknown[]) => logger.error(String(content[0] ?? '')),
};

export const metrics = new Metrics({ namespace: 'CxLoop', serviceName: 'cx-loop', logger: metricsLogger });
