/** The bundled settings file, validated once per cold start. */
import raw from '../cx-loop.config.json' with { type: 'json' };
import { parseSettings } from '#domain/settings';

export const settings = parseSettings(raw);
