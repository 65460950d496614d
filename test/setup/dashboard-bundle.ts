/**
 * vitest globalSetup: the api handler imports the generated dashboard bundle and notify the generated
 * email templates, so build both once before any test file runs.
 */
import { buildGenerated } from '../../functions/generated';

export default function setup(): void {
  buildGenerated();
}
