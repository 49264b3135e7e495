import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A feed of many aircraft, for the memory tests: one real node:http server on 127.0.0.1 that answers every route
 * matching `route` with an ADSBx-v2 envelope of the given rows (its `now` the wall clock at the request, as a live
 * feed's is), padded to an exact byte size, and every other route with no aircraft.
 */
export interface BulkFeedServer {
  /** Provider base URL, e.g. http://127.0.0.1:41234/v2. */
  readonly url: string;
  /** Route paths asked, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export interface BulkFeedOptions {
  /** The rows, already JSON, comma-separated (see bulkAircraftRows). */
  rowsJson: string;
  rowCount: number;
  /** The body is padded (inside `msg`) to exactly this many bytes; it must be at least the unpadded size. */
  bodyBytes: number;
  /** Which routes get the rows; default the `/type/` routes. */
  route?: RegExp;
}

/**
 * `count` rows of distinct aircraft of type `typeCode`, hexes from `firstHex` up, spread over the globe: `full`
 * rows carry the fields a live feed sends (about 255 bytes each, so that 30,000 of them fit in 8 MB), the others
 * only what a sighting needs (about 90 bytes).
 */
export function bulkAircraftRows(count: number, firstHex: number, typeCode: string, full = true): string {
  const rows: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const hex = (firstHex + i).toString(16).padStart(6, '0');
    const lat = (-60 + (i % 1200) * 0.1).toFixed(6);
    const lon = (-170 + Math.floor(i / 1200) * 0.5).toFixed(6);
    rows.push(
      full
        ? `{"hex":"${hex}","type":"adsb_icao","flight":"TST${String(i % 10_000).padStart(4, '0')} ",` +
            `"r":"RA-${String(i % 100_000).padStart(5, '0')}","t":"${typeCode}","alt_baro":33000,"gs":430.5,` +
            `"track":300.12,"baro_rate":-64,"squawk":"${String(i % 7000).padStart(4, '0')}","lat":${lat},` +
            `"lon":${lon},"nic":8,"seen_pos":0.3,"messages":1000,"seen":0.1,"rssi":-20.5}`
        : `{"hex":"${hex}","t":"${typeCode}","alt_baro":33000,"lat":${lat},"lon":${lon},"seen_pos":0.3}`,
    );
  }
  return rows.join(',');
}

function envelopeText(nowMs: number, rowsJson: string, rowCount: number, bodyBytes: number): string {
  const head = (msg: string) => `{"msg":"${msg}","now":${nowMs},"ctime":${nowMs},"ptime":0,"total":${rowCount},"ac":[`;
  const bare = Buffer.byteLength(head('No error')) + Buffer.byteLength(rowsJson) + 2;
  if (bare > bodyBytes) throw new Error(`the rows alone take ${bare} bytes, more than the ${bodyBytes} asked`);
  return `${head(`No error${' '.repeat(bodyBytes - bare)}`)}${rowsJson}]}`;
}

export async function startBulkFeedServer(options: BulkFeedOptions): Promise<BulkFeedServer> {
  const route = options.route ?? /^\/type\//;
  envelopeText(Date.now(), options.rowsJson, options.rowCount, options.bodyBytes); // fails here if it cannot fit
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/v2/, '');
    requests.push(path);
    const now = Date.now();
    const text = route.test(path)
      ? envelopeText(now, options.rowsJson, options.rowCount, options.bodyBytes)
      : `{"msg":"No error","now":${now},"ctime":${now},"ptime":0,"total":0,"ac":[]}`;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
