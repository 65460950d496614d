/**
 * The one Secrets Manager operation handlers use, GetSecretValue, over the AWS JSON 1.1 protocol,
 * serving values the local runtime was given (webhook secrets from WEBHOOK_SECRET_<SOURCE>, the
 * unsubscribe key, the customer hash key it generated).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalServer } from './ports';

export async function startSecretsManager(listenPort: number, secrets: Map<string, string>): Promise<LocalServer> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, payload: unknown, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
        res.end(JSON.stringify(payload));
      };
      if (target !== 'secretsmanager.GetSecretValue') {
        return reply(400, { __type: 'UnknownOperationException', message: `${target} is not served locally` }, 'UnknownOperationException');
      }
      let id = '';
      try {
        id = String((JSON.parse(body) as { SecretId?: string }).SecretId ?? '');
      } catch {
        return reply(400, { __type: 'InvalidRequestException', message: 'body is not JSON' }, 'InvalidRequestException');
      }
      const value = secrets.get(id);
      if (value === undefined) {
        return reply(400, { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret.` }, 'ResourceNotFoundException');
      }
      reply(200, { ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${id}`, Name: id, SecretString: value, VersionId: 'local', CreatedDate: 0 });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
