import type { Sighting } from '../src/tracking/sighting.js';

/** A deterministic pseudo-random stream (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchHex(i: number): string {
  return (0x100000 + i).toString(16);
}

/**
 * A global sky for the benchmark: `count` aircraft cruising on fixed headings, advanced one poll
 * (30 s of data time) per step. A small share of them is silent in any one poll, as real coverage is,
 * so the engine's absence rules (gaps) run too. Deterministic for a seed.
 */
export class SyntheticTraffic {
  readonly count: number;
  nowMs: number;
  private readonly lat: Float64Array;
  private readonly lon: Float64Array;
  private readonly track: Float64Array;
  private readonly gs: Float64Array;
  private readonly alt: Int32Array;
  private readonly rng: () => number;
  private silent = new Uint8Array(0);

  constructor(count: number, startMs: number, seed = 1) {
    this.count = count;
    this.nowMs = startMs;
    this.rng = seeded(seed);
    this.lat = new Float64Array(count);
    this.lon = new Float64Array(count);
    this.track = new Float64Array(count);
    this.gs = new Float64Array(count);
    this.alt = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      this.lat[i] = -55 + this.rng() * 120;
      this.lon[i] = -180 + this.rng() * 360;
      this.track[i] = this.rng() * 360;
      this.gs[i] = 380 + this.rng() * 120;
      this.alt[i] = 25_000 + Math.round(this.rng() * 16) * 1000;
    }
    this.rollSilence();
  }

  private rollSilence(): void {
    this.silent = new Uint8Array(this.count);
    for (let i = 0; i < this.count; i++) this.silent[i] = this.rng() < 0.02 ? 1 : 0;
  }

  /** Advances the sky by one 30-second poll. */
  step(): void {
    const hours = 30 / 3600;
    for (let i = 0; i < this.count; i++) {
      const rad = (this.track[i]! * Math.PI) / 180;
      const nm = this.gs[i]! * hours;
      let lat = this.lat[i]! + (nm / 60) * Math.cos(rad);
      if (lat > 70 || lat < -60) {
        this.track[i] = (540 - this.track[i]!) % 360;
        lat = Math.max(-60, Math.min(70, lat));
      }
      let lon = this.lon[i]! + ((nm / 60) * Math.sin(rad)) / Math.cos((lat * Math.PI) / 180);
      if (lon > 180) lon -= 360;
      if (lon < -180) lon += 360;
      this.lat[i] = lat;
      this.lon[i] = lon;
    }
    this.nowMs += 30_000;
    this.rollSilence();
  }

  private visible(i: number): boolean {
    return this.silent[i] === 0;
  }

  private ageS(i: number): number {
    return ((i * 7919 + this.nowMs / 1000) % 20) / 10; // 0-2 s, stable per (aircraft, poll)
  }

  /** The poll as an ADSBx-v2 response (rows with the fields readsb sends, about 480 bytes each). */
  response(): Record<string, unknown> {
    const ac: Record<string, unknown>[] = [];
    for (let i = 0; i < this.count; i++) {
      if (!this.visible(i)) continue;
      const seenPos = this.ageS(i);
      ac.push({
        hex: benchHex(i),
        type: 'adsb_icao',
        flight: `BNC${String(i).padStart(4, '0')} `,
        r: `RA-${String(10000 + (i % 90000)).slice(-5)}`,
        t: i % 50 === 0 ? 'IL76' : 'B738',
        alt_baro: this.alt[i],
        alt_geom: this.alt[i]! + 450,
        gs: Math.round(this.gs[i]! * 10) / 10,
        ias: 280,
        tas: 460,
        mach: 0.78,
        track: Math.round(this.track[i]! * 100) / 100,
        mag_heading: Math.round(this.track[i]! - 3),
        baro_rate: 0,
        geom_rate: 32,
        squawk: '2000',
        emergency: 'none',
        category: 'A3',
        nav_qnh: 1013.6,
        nav_altitude_mcp: this.alt[i],
        nav_heading: Math.round(this.track[i]!),
        lat: Math.round(this.lat[i]! * 1e6) / 1e6,
        lon: Math.round(this.lon[i]! * 1e6) / 1e6,
        nic: 8,
        rc: 186,
        seen_pos: seenPos,
        version: 2,
        nic_baro: 1,
        nac_p: 10,
        nac_v: 2,
        sil: 3,
        sil_type: 'perhour',
        gva: 2,
        sda: 2,
        alert: 0,
        spi: 0,
        mlat: [],
        tisb: [],
        messages: 24_512 + i,
        seen: Math.min(seenPos, 0.3),
        rssi: -21.4,
      });
    }
    return { ac, msg: 'No error', now: this.nowMs, total: ac.length, ctime: this.nowMs, ptime: 12 };
  }

  /** The same poll as sightings (what the parser would give), for the engine alone. */
  sightings(source = 'bench'): Sighting[] {
    const out: Sighting[] = [];
    for (let i = 0; i < this.count; i++) {
      if (!this.visible(i)) continue;
      out.push({
        hex: benchHex(i),
        observedAt: Math.round(this.nowMs - this.ageS(i) * 1000),
        lat: Math.round(this.lat[i]! * 1e6) / 1e6,
        lon: Math.round(this.lon[i]! * 1e6) / 1e6,
        altBaroFt: this.alt[i]!,
        onGround: false,
        groundSpeedKt: Math.round(this.gs[i]! * 10) / 10,
        trackDeg: Math.round(this.track[i]! * 100) / 100,
        verticalRateFpm: 0,
        squawk: '2000',
        callsign: `BNC${String(i).padStart(4, '0')}`,
        registration: null,
        typeCode: 'B738',
        source,
      });
    }
    return out;
  }
}
