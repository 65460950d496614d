/**
 * The ports `npm start` uses and the variables that change them — read by the local runtime's
 * start script and by the CLI alike, so `PORT=3100 npm start` and `npx cx-loop send` agree.
 */
import { createServer } from 'node:net';

export const LOCAL_SERVICES = ['api', 'dynamodb', 'sqs', 'ses', 'comprehend', 'secretsmanager', 'scheduler'] as const;
export type LocalService = (typeof LOCAL_SERVICES)[number];

/** Documented defaults (README "Local runtime"); 0 = any free port. */
const DEFAULTS: Record<LocalService, number> = { api: 3000, dynamodb: 8000, sqs: 9324, ses: 8005, comprehend: 8006, secretsmanager: 8007, scheduler: 0 };

const LABELS: Record<LocalService, string> = {
  api: 'the HTTP API', dynamodb: 'DynamoDB Local', sqs: 'the SQS/SNS server', ses: 'the SES server',
  comprehend: 'the Comprehend server', secretsmanager: 'the Secrets Manager server', scheduler: 'the Scheduler server',
};

/** The variable that moves a service: PORT for the API (as before), CX_PORT_<SERVICE> for the rest. */
export const portVariable = (service: LocalService) => (service === 'api' ? 'PORT' : `CX_PORT_${service.toUpperCase()}`);

export function localPorts(env: NodeJS.ProcessEnv = process.env): Record<LocalService, number> {
  return Object.fromEntries(LOCAL_SERVICES.map((s) => {
    const raw = env[portVariable(s)];
    const port = raw === undefined || raw === '' ? DEFAULTS[s] : Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${portVariable(s)}=${raw} is not a port number (0–65535).`);
    return [s, port];
  })) as Record<LocalService, number>;
}

/** Where the CLI finds the local API: CX_LOOP_ENDPOINT, else the port `npm start` would use. */
export function localApiEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return env.CX_LOOP_ENDPOINT?.replace(/\/+$/, '') || `http://localhost:${localPorts(env).api || DEFAULTS.api}`;
}

/** A port another process already holds, said the way an operator can act on. */
export class PortInUseError extends Error {
  readonly code = 'EADDRINUSE';
  constructor(readonly service: LocalService, readonly port: number) {
    super(
      `Port ${port} is already in use, so ${LABELS[service]} cannot start — is another \`npm start\` (or another program) running? ` +
        `Stop it, or move this one: ${portVariable(service)}=${suggestion(port)} npm start.`,
    );
    this.name = 'PortInUseError';
  }
}

const suggestion = (port: number) => (port + 100 <= 65535 ? port + 100 : port - 100);

/** Resolves when 127.0.0.1:`port` can be listened on right now; rejects with a PortInUseError otherwise. */
export function assertPortFree(service: LocalService, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? new PortInUseError(service, port) : err));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
