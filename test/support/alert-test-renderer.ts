import { renderAlertEmailOnDemand } from '../../src/alerts/create-alert-delivery.js';

/** The integration tests render with the real renderer (src/alerts/email/render-alert-email.ts). */
export const testRenderer = renderAlertEmailOnDemand;
