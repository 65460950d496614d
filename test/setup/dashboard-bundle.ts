/** vitest globalSetup: the api handler imports the generated dashboard bundle, so build it once before any test file runs. */
import { buildDashboard } from '../../functions/dashboard/build';

export default function setup(): void {
  buildDashboard();
}
