/**
 * vitest globalSetup: the api handler imports the generated dashboard bundle and notify the generated
 * email templates, so build both once before any test file runs.
 */
import { buildDashboard } from '../../functions/dashboard/build';
import { buildTemplates } from '../../functions/domain/email/build';
import { settings } from '../../functions/settings';

export default function setup(): void {
  buildDashboard();
  buildTemplates(settings.email);
}
