/** Reads a JSON secret from Secrets Manager, cached for five minutes (rotations apply without a redeploy). */
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { secretsManager } from '#clients/secrets';
import { requireEnv } from '../env';

const provider = new SecretsProvider({ awsSdkV3Client: secretsManager });

export async function jsonSecret<T>(idEnvVar: string): Promise<T | undefined> {
  return (await provider.get(requireEnv(idEnvVar), { maxAge: 300, transform: 'json' })) as T | undefined;
}
