import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLING } from '../bundling';
import type { FunctionSpec } from '../pipeline-spec';

const HANDLERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../functions/handlers');

/**
 * One Lambda per handler module: Node.js 22 on arm64, bundled by the local esbuild as minified
 * ESM with source maps, logs kept for a month.
 */
export class HandlerFunction extends NodejsFunction {
  constructor(scope: Construct, spec: FunctionSpec, environment: Record<string, string>) {
    super(scope, `${spec.id[0]!.toUpperCase()}${spec.id.slice(1)}Function`, {
      entry: path.join(HANDLERS, spec.entry),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: `cx-loop-${spec.id}`,
        POWERTOOLS_METRICS_NAMESPACE: 'CxLoop',
        ...environment,
      },
      logGroup: new logs.LogGroup(scope, `${spec.id}Logs`, {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      bundling: {
        ...BUNDLING,
        format: OutputFormat.ESM,
        mainFields: [...BUNDLING.mainFields],
      },
    });
  }
}
