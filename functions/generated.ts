/**
 * What the Lambdas inline that is generated from files in the repository: the dashboard's browser
 * bundle (api) and the validated email templates (notify). Neither is committed, so every entry
 * point that bundles or imports the handlers — synth, `npm start`, the tests, the bench — builds
 * them first through this one call; a broken template stops it with file:line.
 */
import { buildDashboard } from './dashboard/build';
import { buildTemplates } from './domain/email/build';
import { settings } from './settings';

export function buildGenerated(): void {
  buildDashboard();
  buildTemplates(settings.email);
}
