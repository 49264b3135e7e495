import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';
import { DEFAULT_CSV_LIMITS } from '../shared/csv-limits.js';

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const airportIdent = z
  .string()
  .regex(/^[A-Z0-9-]{2,10}$/, { message: 'an airport ident such as MUHA (letters and digits)' });

const typeCode = z.string().regex(/^[A-Z0-9]{2,4}$/, { message: 'an ICAO type designator such as IL76' });

const email = z.string().regex(/^[^\s<>@]+@[^\s<>@]+$|^[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>$/, {
  message: 'an email address such as team@example.org or "Name <team@example.org>"',
});

/** One alert rule: on or off, and its recipients (null: the default list, ALERT_EMAIL_TO). */
const ruleEnabled = () => z.boolean().default(true);
const ruleRecipients = () => z.array(email).nullable().default(null);
const alertRule = () => z.object({ enabled: ruleEnabled(), to: ruleRecipients() }).strict().prefault({});

/** The rule names of `alerts.rules`, as a webhook's `rules` list takes them. */
export const ALERT_RULE_KEYS = ['departure', 'arrival', 'wentDark', 'emergencySquawk', 'unlisted'] as const;

/** One webhook: where alerts are POSTed as JSON, signed when it has a secret, for some or all rules. */
const webhook = () =>
  z
    .object({
      name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, {
        message: 'a short name such as "slack" or "ops-bot" (lower-case letters, digits, - and _)',
      }),
      url: url(['http:', 'https:']),
      secret: z.string().min(16, { message: 'a secret of at least 16 characters' }).nullable().default(null),
      rules: z.array(z.enum(ALERT_RULE_KEYS)).min(1).nullable().default(null),
      timeoutSeconds: z.number().min(1).max(60).default(10),
    })
    .strict();

export const configSchema = z
  .object({
    database: z
      .object({
        url: url(['postgres:', 'postgresql:']).nullable().default(null),
        dataDir: z.string().min(1).default('./data/postgres'),
        embeddedPort: z.number().int().min(0).max(65535).default(0),
        poolSize: z.number().int().min(1).max(100).default(5),
      })
      .strict()
      .prefault({}),
    feeds: z
      .object({
        urls: z
          .array(url(['http:', 'https:']))
          .min(1, { message: 'at least one feed URL' })
          .default(['https://api.adsb.lol/v2', 'https://opendata.adsb.fi/api/v2']),
        rapidApiKey: z.string().min(1).nullable().default(null),
        mode: z
          .enum(['fan-out', 'failover'], {
            message: '"fan-out" (ask every provider each cycle) or "failover" (the next one only when one fails)',
          })
          .default('fan-out'),
        opensky: z
          .object({
            clientId: z.string().min(1).nullable().default(null),
            clientSecret: z.string().min(1).nullable().default(null),
            apiUrl: url(['http:', 'https:']).default('https://opensky-network.org/api'),
            tokenUrl: url(['http:', 'https:']).default(
              'https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token',
            ),
            everySeconds: z.number().min(0).max(86_400).default(90),
            requestsPerSecond: z.number().positive().max(100).default(1),
            maxHexesPerRequest: z.number().int().min(1).max(1000).default(100),
            pointRequests: z.boolean().default(false),
          })
          .strict()
          .superRefine((o, ctx) => {
            // Name the missing one (never print the secret that is there).
            const missing = o.clientId === null ? 'clientId' : o.clientSecret === null ? 'clientSecret' : null;
            if (missing !== null && (o.clientId !== null || o.clientSecret !== null)) {
              ctx.addIssue({
                code: 'custom',
                path: [missing],
                message: 'both clientId and clientSecret (OPENSKY_CLIENT_ID, OPENSKY_CLIENT_SECRET), or neither',
              });
            }
          })
          .prefault({}),
        requestsPerSecond: z.number().positive().max(100).default(1),
        timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
        retries: z.number().int().min(0).max(10).default(3),
        maxResponseBytes: z.number().int().min(1024).default(8_000_000),
        watchTypes: z.array(typeCode).default(['IL76']),
        /**
         * At most this many distinct aircraft a cycle are tracked for their type alone (not listed); the rest of
         * a cycle's type matches are dropped and counted as `over_type_cap`. There are a few hundred Il-76s in
         * the world: a feed that answers with tens of thousands is broken or hostile, and tracking them all
         * would take the worker's heap (docs/operations.md#security).
         */
        maxTypeAircraftPerCycle: z.number().int().min(1).max(100_000).default(5000),
        pointRadiusNm: z
          .number()
          .positive()
          .max(250, { message: 'a radius of at most 250 nm (the APIs cap it)' })
          .default(250),
        maxPositionAgeSeconds: z.number().positive().max(3600).default(60),
        // A live response whose `now` is further behind this machine's clock is not used; null: not checked.
        maxClockLagSeconds: z.number().positive().max(86_400).nullable().default(900),
      })
      .strict()
      .prefault({}),
    poll: z
      .object({
        schedule: z
          .string()
          .refine((value) => isValidCron(value), { message: 'a node-cron expression such as "*/30 * * * * *"' })
          .default('*/30 * * * * *'),
      })
      .strict()
      .prefault({}),
    watch: z
      .object({ airports: z.array(airportIdent).default(['SVMI', 'MUHA', 'MNMG']) })
      .strict()
      .prefault({}),
    tracking: z
      .object({
        gapAfterMinutes: z.number().positive().max(240).default(5),
        lostAfterHours: z
          .number()
          .positive()
          .max(24 * 30)
          .default(12),
        airportMaxKm: z.number().positive().max(100).default(10),
        maxSpeedKt: z.number().min(200).max(3000).default(750),
        /**
         * Engine state checkpoints (docs/architecture.md#positions-are-the-log): on any leg or gap change, and
         * otherwise after this many cycles or this much data time, whichever comes first. Between two, open
         * legs' last_seen_at in the legs table lags the positions by at most this much.
         */
        checkpoint: z
          .object({
            everyCycles: z.number().int().min(1).max(10_000).default(20),
            everySeconds: z.number().min(0).max(86_400).default(300),
          })
          .strict()
          .prefault({}),
        /** Coverage probes and gap verdicts (docs/tracking.md#gap-verdicts). */
        verdicts: z
          .object({
            probeRadiusKm: z
              .number()
              .positive()
              .max(460, { message: 'at most 460 km (the APIs cap /point at 250 nm)' })
              .default(100),
            maxProbedAircraft: z.number().int().min(0).max(100).default(8),
            probeAfterSeconds: z.number().min(0).max(3600).default(60),
            probeMaxSilenceMinutes: z
              .number()
              .positive()
              .max(24 * 60)
              .default(120),
            deadReckonMaxMinutes: z
              .number()
              .min(0)
              .max(24 * 60)
              .default(30),
            altitudeBandFt: z.number().min(0).max(60_000).default(10_000),
            darkMinOthers: z.number().int().min(1).max(1000).default(3),
            darkMinCoveredPolls: z.number().int().min(1).max(1000).default(2),
            darkMinCoveredShare: z.number().min(0).max(1).default(0.5),
            outageMaxAircraft: z.number().int().min(0).max(1000).default(2),
            outageVanishedShare: z.number().min(0).max(1).default(0.5),
            outageVanishedMin: z.number().int().min(1).max(10_000).default(5),
            outageMinShare: z.number().min(0).max(1).default(0.5),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    alerts: z
      .object({
        smtpUrl: url(['smtp:', 'smtps:']).nullable().default(null),
        to: z.array(email).default([]),
        from: email.default('tailwatch <tailwatch@localhost>'),
        mailDir: z.string().min(1).default('./data/mail'),
        throttleSeconds: z.number().min(0).max(3600).default(60),
        retryEverySeconds: z.number().min(1).max(3600).default(30),
        smtpTimeoutSeconds: z.number().min(1).max(300).default(30),
        webhookUrl: url(['http:', 'https:']).nullable().default(null),
        webhookSecret: z.string().min(16, { message: 'a secret of at least 16 characters' }).nullable().default(null),
        digest: z
          .object({
            enabled: z.boolean().default(false),
            hourUtc: z.number().int().min(0).max(23).default(7),
            to: ruleRecipients(),
          })
          .strict()
          .prefault({}),
        webhooks: z
          .array(webhook())
          .default([])
          .refine((list) => new Set(list.map((w) => w.name)).size === list.length, {
            message: 'each webhook a different name',
          }),
        backoff: z
          .object({
            initialSeconds: z.number().min(0).max(3600).default(30),
            maxSeconds: z.number().min(1).max(86_400).default(1800),
            maxAttempts: z.number().int().min(1).max(1000).default(50),
          })
          .strict()
          .prefault({}),
        rules: z
          .object({
            departure: alertRule(),
            arrival: alertRule(),
            wentDark: z
              .object({
                enabled: ruleEnabled(),
                to: ruleRecipients(),
                maxKm: z.number().positive().max(5000).default(300),
                /** Gap verdicts that mail "went dark": dark by default; add unknown to mail gaps without evidence. */
                verdicts: z
                  .array(z.enum(['dark', 'unknown']))
                  .min(1, { message: 'at least one verdict (dark, or dark and unknown); disable the rule instead' })
                  .default(['dark']),
              })
              .strict()
              .prefault({}),
            emergencySquawk: z
              .object({
                enabled: ruleEnabled(),
                to: ruleRecipients(),
                holdSeconds: z.number().min(0).max(3600).default(60),
              })
              .strict()
              .prefault({}),
            unlisted: alertRule(),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    watchlist: z
      .object({
        defaultFile: z.string().min(1).nullable().default('config/default-watchlist.csv'),
        /** Caps on a file that `airframes import` reads (shared/csv-limits.ts, docs/cli.md#import-formats). */
        import: z
          .object({
            maxRows: z.number().int().min(1).default(DEFAULT_CSV_LIMITS.maxRows),
            maxFieldBytes: z.number().int().min(64).default(DEFAULT_CSV_LIMITS.maxFieldBytes),
            maxFields: z.number().int().min(12).max(10_000).default(DEFAULT_CSV_LIMITS.maxFields),
            maxRecordBytes: z.number().int().min(1024).default(DEFAULT_CSV_LIMITS.maxRecordBytes),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    retention: z
      .object({
        positionsDays: z
          .number()
          .int()
          .min(31, { message: 'at least 31 days (positions are dropped a whole month at a time)' })
          .max(36_500)
          .default(400),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
        format: z.enum(['json', 'pretty', 'auto']).default('auto'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type TailwatchConfig = z.infer<typeof configSchema>;
