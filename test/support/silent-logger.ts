import { createLogger } from '../../src/log/create-logger.js';

export const silentLogger = createLogger({ level: 'silent', format: 'json', destination: { write: () => {} } });
