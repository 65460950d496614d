/**
 * How every handler is bundled, in plain data: the CDK stack hands it to NodejsFunction and the
 * benchmark to esbuild directly, so the sizes and import times it reports are those of the
 * deployed code.
 */
export const BUNDLING = {
  format: 'esm',
  minify: true,
  sourceMap: true,
  target: 'node22',
  mainFields: ['module', 'main'],
  // The AWS SDK is bundled (not taken from the runtime) so the deployed code runs the versions we test.
  externalModules: [] as string[],
  // A few CommonJS dependencies call require(); give ESM output one.
  banner: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
} as const;
