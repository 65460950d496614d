/** HTTP calls to the cx-loop API, local or deployed, with errors that say what to do. */
import { localApiEndpoint } from '#local/local-ports';
import { CliError, unreachable } from './errors';

/** The local runtime where `npm start` put it: the same PORT variable (CX_LOOP_ENDPOINT or --endpoint override it). */
export const DEFAULT_ENDPOINT = localApiEndpoint({ PORT: /^\d{1,5}$/.test(process.env.PORT ?? '') ? process.env.PORT : undefined });

export async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    throw unreachable(url, err);
  }
}

/** GET a JSON document; undefined when the route does not exist (older or partial deployments). */
export async function getJson<T>(endpoint: string, path: string): Promise<T | undefined> {
  const res = await request(`${endpoint}${path}`, { headers: { accept: 'application/json' } });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new CliError(`GET ${endpoint}${path} answered ${res.status}: ${problemDetail(await res.text())}`);
  return (await res.json()) as T;
}

/** The human part of a problem+json (or any) error body, on one line. */
export function problemDetail(body: string): string {
  try {
    const problem = JSON.parse(body) as { title?: string; detail?: string; errors?: Array<{ path?: string; message?: string }> };
    const fields = problem.errors?.map((e) => `${e.path ?? '(body)'}: ${e.message ?? 'invalid'}`).join('; ');
    return [problem.detail ?? problem.title, fields].filter(Boolean).join(' — ') || body.slice(0, 200);
  } catch {
    return body.replace(/\s+/g, ' ').slice(0, 200);
  }
}
