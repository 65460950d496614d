/** Connector credentials from Secrets Manager (cx-loop/connectors), validated; one missing connector never blocks the others. */
import { z } from 'zod';
import { jsonSecret } from '../json-secret';

const Url = z.url({ protocol: /^https?$/ });

export const ConnectorCredentials = z.object({
  /** Incoming webhook URL, or a bot token and channel for chat.postMessage. */
  slack: z.union([z.object({ webhookUrl: Url }), z.object({ token: z.string().min(1), channel: z.string().min(1), apiUrl: Url.default('https://slack.com/api') })]).optional(),
  teams: z.object({ webhookUrl: Url }).optional(),
  zendesk: z.object({ baseUrl: Url, email: z.string().min(1), apiToken: z.string().min(1), webhookSecret: z.string().optional() }).optional(),
  jira: z
    .object({ baseUrl: Url, email: z.string().min(1), apiToken: z.string().min(1), projectKey: z.string().min(1), issueType: z.string().default('Task'), webhookSecret: z.string().optional() })
    .optional(),
});
export type ConnectorCredentials = z.infer<typeof ConnectorCredentials>;

export async function connectorCredentials(): Promise<ConnectorCredentials> {
  return ConnectorCredentials.parse((await jsonSecret<unknown>('CONNECTOR_SECRET_ID')) ?? {});
}
