import { describe, it, expect } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FeatureCollection } from 'geojson';
import { renderAlertEmail } from '../../../src/alerts/email/render-alert-email.js';
import { escapeHtml } from '../../../src/alerts/email/html-escape.js';
import {
  alertItem,
  alertAirport,
  buildAlertEmailInput,
  SAMPLE_DEPARTED_AT,
  seedLegAlertInput,
} from '../../support/alert-email-fixtures.js';

const HOSTILE = ['<script>alert(1)</script>', '"quotes" & \'apostrophes\'', 'RA-1\r\nBcc: x@y'];

function geojsonOf(email: Awaited<ReturnType<typeof renderAlertEmail>>): FeatureCollection {
  const part = email.attachments.find((a) => a.contentType === 'application/geo+json');
  expect(part).toBeDefined();
  return JSON.parse(part!.content.toString('utf8')) as FeatureCollection;
}

describe(
  'renderAlertEmail: the seed scenario SVMI -> MNMG leg ' + '(dark 100 km out, reappears on the ground)',
  async () => {
    const input = seedLegAlertInput();
    const email = await renderAlertEmail(input);

    it('subject: the departure and the folded items', () => {
      expect(email.subject).toMatch(
        /^\[tailwatch\] RA-78765 IL76 Aviacon Zitotrans departed Caracas \(SVMI\) 2025-10-29 \d\d:\d\dZ \(\+2 more\)$/,
      );
    });

    it.each([
      ['text', (e: typeof email) => e.text],
      ['html', (e: typeof email) => e.html],
    ])('%s part: airframe, why watched, leg ends, the inferred arrival and the gap', (_name, part) => {
      const body = part(email);
      for (const fact of [
        '1533ad',
        'RA-78765',
        'IL76',
        'Aviacon Zitotrans',
        'OFAC SDN',
        'ofac-sdn',
        'AZS8765',
        'Simón Bolívar International Airport',
        'Augusto C. Sandino International Airport',
      ]) {
        expect(body).toContain(fact);
      }
      expect(body).toMatch(/arrived \(inferred\) at Managua \(MNMG\)/);
      expect(body).toMatch(/went dark near Managua \(MNMG\)/);
      expect(body).toMatch(/on the ground, \d km from Managua \(MNMG\)/);
      expect(body).toMatch(/dark for.*3 h 1\d min/s);
    });

    it("links: ADS-B Exchange with the trace of the first item's UTC day, adsb.lol, airplanes.live", () => {
      const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
      expect(hrefs).toEqual([
        'https://globe.adsbexchange.com/?icao=1533ad&showTrace=2025-10-29',
        'https://adsb.lol/?icao=1533ad',
        'https://globe.airplanes.live/?icao=1533ad',
      ]);
      for (const h of hrefs) expect(email.text).toContain(h);
    });

    it('the map is an inline PNG referenced by cid, and the HTML loads nothing from outside', () => {
      const png = email.attachments.find((a) => a.contentType === 'image/png');
      expect(png?.cid).toBeTruthy();
      expect(png!.content.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(email.html).toContain(`src="cid:${png!.cid}"`);
      expect(email.html).not.toMatch(/<script|<link|<iframe|src="http|url\(/i);
      expect(email.warnings).toEqual([]);
    });

    it('GeoJSON: seen stretches solid, the dark stretch flagged, airports and gap ends as points', () => {
      const fc = geojsonOf(email);
      expect(fc.type).toBe('FeatureCollection');
      const kinds = fc.features.map((f) => f.properties?.kind);
      const dark = fc.features.filter((f) => f.properties?.dark === true && f.geometry.type === 'LineString');
      expect(dark).toHaveLength(1);
      expect(dark[0]!.properties).toMatchObject({ kind: 'dark', durationMin: expect.any(Number) });
      const gap = input.gaps[0]!;
      if (dark[0]!.geometry.type === 'LineString') {
        expect(dark[0]!.geometry.coordinates).toEqual([
          [gap.startLon, gap.startLat],
          [gap.endLon, gap.endLat],
        ]);
      }
      const seen = fc.features.filter((f) => f.properties?.kind === 'track');
      expect(seen.length).toBeGreaterThanOrEqual(1);
      for (const f of seen) expect(f.properties?.dark).toBe(false);
      expect(kinds).toEqual(expect.arrayContaining(['departure_airport', 'arrival_airport', 'gap_start', 'gap_end']));
      const arrival = fc.features.find((f) => f.properties?.kind === 'arrival_airport');
      expect(arrival?.properties).toMatchObject({ ident: 'MNMG', inferred: true });
    });

    it('KML for Google Earth: the leg as a gx:Track with a time per position, the dark stretch apart', () => {
      const part = email.attachments.find((a) => a.filename.endsWith('-track.kml'));
      expect(part?.contentType).toBe('application/vnd.google-earth.kml+xml');
      const kml = part!.content.toString('utf8');
      expect(XMLValidator.validate(kml)).toBe(true);
      const doc = new XMLParser({ isArray: (name) => name === 'Placemark' || name === 'when' }).parse(kml) as {
        kml: { Document: { Placemark: { name: string; styleUrl: string; 'gx:Track'?: { when: string[] } }[] } };
      };
      const placemarks = doc.kml.Document.Placemark;
      const whens = placemarks.flatMap((p) => p['gx:Track']?.when ?? []).map((w) => Date.parse(w));
      expect(whens.sort((a, b) => a - b)).toEqual(input.track.map((p) => p.t));
      expect(placemarks.find((p) => p['gx:Track'])?.name).toContain('SVMI → MNMG');
      expect(placemarks.filter((p) => p.styleUrl === '#dark')).toHaveLength(input.gaps.length);
      expect(email.text).toContain(part!.filename);
    });
  },
);

describe('renderAlertEmail: hostile strings from the feed and files', () => {
  it.each(HOSTILE)(
    '%j in callsign, registration, operator, reason and airport name is escaped in HTML and flattened in text',
    async (evil) => {
      const base = buildAlertEmailInput();
      const airport = { ...alertAirport('MUHA'), name: evil };
      const email = await renderAlertEmail(
        buildAlertEmailInput({
          airframe: { registration: evil, operator: evil, reason: evil, source: evil, typeCode: evil },
          leg: { ...base.leg!, callsign: evil, departureAirport: airport },
          items: [alertItem({ rule: 'departure', airport })],
        }),
      );
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('"quotes"');
      expect(email.html).not.toMatch(/\r|\nBcc:/);
      const flat = evil
        .replace(/[\r\n]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      expect(email.html).toContain(escapeHtml(flat));
      expect(email.text).not.toMatch(/\r|\nBcc:/);
      expect(email.subject).not.toMatch(/[\r\n]/);
    },
  );

  it('a link in an operator, reason or airport name is defanged in the subject, text and HTML', async () => {
    const link = 'Evil Air https://evil.example/pay www.evil.ru';
    const email = await renderAlertEmail(
      buildAlertEmailInput({
        airframe: { operator: link, reason: `see ${link}` },
        items: [alertItem({ rule: 'departure', airport: { ...alertAirport('MUHA'), name: 'x@mail.evil.example' } })],
      }),
    );
    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toMatch(/https:\/\/evil|www\.evil|evil\.example/);
    }
    expect(email.text).toContain('Evil Air hxxps[://]evil[.]example/pay www[.]evil[.]ru');
  });

  it('escapeHtml covers the five significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('renderAlertEmail: an unlisted aircraft and an alert with no leg', () => {
  it('says the aircraft is not on the watchlist', async () => {
    const email = await renderAlertEmail(
      buildAlertEmailInput({
        airframe: { listed: false, reason: null, source: null },
        items: [alertItem({ rule: 'unlisted', airport: alertAirport('MUHA') })],
      }),
    );
    expect(email.text).toContain('NOT on the watchlist: unlisted aircraft of a watched type');
    expect(email.html).toContain('NOT on the watchlist: unlisted aircraft of a watched type');
  });

  it('a squawk with no leg and no track still renders, with a map around its position', async () => {
    const email = await renderAlertEmail(
      buildAlertEmailInput({
        leg: null,
        gaps: [],
        track: [],
        items: [alertItem({ rule: 'emergency_squawk', squawk: '7700', lat: 12, lon: -85 })],
      }),
    );
    expect(email.subject).toContain('squawked 7700');
    expect(email.attachments.map((a) => a.contentType)).toEqual([
      'image/png',
      'application/geo+json',
      'application/vnd.google-earth.kml+xml',
    ]);
    expect(email.text).not.toContain('TRANSPONDER GAPS');
  });
});

describe('renderAlertEmail: gaps summarised by verdict', () => {
  const MINUTE = 60_000;
  function gapAt(startMin: number, lengthMin: number, verdict: string) {
    return {
      startedAt: SAMPLE_DEPARTED_AT + startMin * MINUTE,
      endedAt: SAMPLE_DEPARTED_AT + (startMin + lengthMin) * MINUTE,
      startLat: 20,
      startLon: -80,
      startAltFt: 30_000,
      endLat: 19,
      endLon: -79,
      endAltFt: 30_000,
      endOnGround: false,
      distanceKm: 150,
      verdict,
    };
  }

  it('counts the gaps by verdict, then lists only the few longest, with their verdicts', async () => {
    const gaps = [
      gapAt(30, 6, 'coverage'),
      gapAt(50, 40, 'dark'),
      gapAt(100, 7, 'coverage'),
      gapAt(120, 12, 'outage'),
      gapAt(140, 20, 'coverage'),
      gapAt(170, 5, 'unknown'),
    ];
    const email = await renderAlertEmail(buildAlertEmailInput({ gaps }));
    expect(email.text).toContain('6 gaps: 1 dark, 3 coverage, 1 outage, 1 unknown');
    expect(email.text).toContain('Gap 2: dark (transponder off among heard traffic)');
    expect(email.text).toContain('Gap 4: outage (the feeds failed)');
    expect(email.text).toContain('Gap 5: coverage (reception hole)');
    expect(email.text).not.toContain('Gap 1:');
    expect(email.text).toContain('3 shorter gap(s)');
    expect(email.html).toContain('6 gaps: 1 dark, 3 coverage, 1 outage, 1 unknown');
    const dark = geojsonOf(email).features.filter((f) => f.properties?.kind === 'dark');
    expect(dark.map((f) => f.properties?.verdict)).toEqual([
      'coverage',
      'dark',
      'coverage',
      'outage',
      'coverage',
      'unknown',
    ]);
  });

  it('a went_dark item says why it was judged dark', async () => {
    const email = await renderAlertEmail(
      buildAlertEmailInput({
        items: [
          alertItem({
            rule: 'went_dark',
            airport: alertAirport('MUHA'),
            distanceKm: 120,
            reason: '7 other aircraft heard within 100 km of its expected position while it was silent',
          }),
        ],
      }),
    );
    expect(email.text).toContain('7 other aircraft heard within 100 km of its expected position while it was silent');
  });
});
