import type { TailwatchConfig } from '../config/config-schema.js';
import type { AlertRule } from './alert-email-input.js';

/** One rule's switch and recipients (already resolved: the rule's own list, else the default list). */
export interface RuleSwitch {
  enabled: boolean;
  recipients: readonly string[];
}

/** The alert rules' settings, in the units the pure rules use (km, ms). */
export interface AlertRuleSettings {
  rules: Readonly<Record<AlertRule, RuleSwitch>>;
  wentDarkMaxKm: number;
  /** The gap verdicts that mail went_dark (alerts.rules.wentDark.verdicts). */
  wentDarkVerdicts: ReadonlyArray<'dark' | 'unknown'>;
  /** The coverage probes' radius, km, for the mail's "why" (tracking.verdicts.probeRadiusKm). */
  probeRadiusKm: number;
  squawkHoldMs: number;
}

/** Resolves the rules' settings from the validated config (recipients default to ALERT_EMAIL_TO). */
export function alertRuleSettings(config: Readonly<TailwatchConfig>): AlertRuleSettings {
  const { rules, to } = config.alerts;
  const resolve = (rule: { enabled: boolean; to: string[] | null }): RuleSwitch => ({
    enabled: rule.enabled,
    recipients: rule.to ?? to,
  });
  return {
    rules: {
      departure: resolve(rules.departure),
      arrival: resolve(rules.arrival),
      went_dark: resolve(rules.wentDark),
      emergency_squawk: resolve(rules.emergencySquawk),
      unlisted: resolve(rules.unlisted),
    },
    wentDarkMaxKm: rules.wentDark.maxKm,
    wentDarkVerdicts: rules.wentDark.verdicts,
    probeRadiusKm: config.tracking.verdicts.probeRadiusKm,
    squawkHoldMs: rules.emergencySquawk.holdSeconds * 1000,
  };
}

export function anyRuleEnabled(settings: AlertRuleSettings): boolean {
  return Object.values(settings.rules).some((rule) => rule.enabled);
}
