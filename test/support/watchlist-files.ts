/**
 * Builders for watchlist and airport files in their real formats, so tests write the
 * quirks they exercise (BOM, CRLF, OFAC's "-0- " nulls and final 0x1A) on purpose and in
 * the open. Each builder returns the text and, where useful, the line each row lands on.
 */

export const BOM = '\uFEFF';
export const DOS_EOF = '\u001A';

/** Quotes a CSV field when it needs it (comma, quote or newline), doubling inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

// ---------------------------------------------------------------- plane-alert-db

export const PLANE_ALERT_DB_HEADER =
  '$ICAO,$Registration,$Operator,$Type,$ICAO Type,#CMPG,$Tag 1,$#Tag 2,$#Tag 3,Category,$#Link';

export interface PlaneAlertRow {
  icao: string;
  registration?: string;
  operator?: string;
  type?: string;
  icaoType?: string;
  cmpg?: string;
  tags?: [string?, string?, string?];
  category?: string;
  link?: string;
}

export function planeAlertFields(row: PlaneAlertRow): string[] {
  const tags = row.tags ?? [];
  return [
    row.icao,
    row.registration ?? '',
    row.operator ?? '',
    row.type ?? '',
    row.icaoType ?? '',
    row.cmpg ?? 'Civ',
    tags[0] ?? '',
    tags[1] ?? '',
    tags[2] ?? '',
    row.category ?? '',
    row.link ?? '',
  ];
}

/** The Aviacon Zitotrans Il-76TD as plane-alert-db lists it. */
export const ZITOTRANS_RA78765: PlaneAlertRow = {
  icao: '1533AD',
  registration: 'RA-78765',
  operator: 'Aviacon Zitotrans',
  type: 'Ilyushin IL-76TD',
  icaoType: 'IL76',
  tags: ['Cargo', 'Chonky Boy', 'Tail Gunner'],
  category: 'Da Comrade',
  link: 'https://w.wiki/Dsto',
};

export interface FileOptions {
  bom?: boolean;
  crlf?: boolean;
}

function join(lines: readonly string[], options: FileOptions): string {
  const eol = options.crlf === true ? '\r\n' : '\n';
  return (options.bom === true ? BOM : '') + lines.join(eol) + eol;
}

/** A plane-alert-db file; `raw` lines are inserted as written (for broken rows). */
export function planeAlertDbFile(
  rows: ReadonlyArray<PlaneAlertRow | { raw: string }>,
  options: FileOptions = {},
): string {
  const lines = [
    PLANE_ALERT_DB_HEADER,
    ...rows.map((row) => ('raw' in row ? row.raw : csvLine(planeAlertFields(row)))),
  ];
  return join(lines, options);
}

// ---------------------------------------------------------------- OFAC sdn.csv

export const OFAC_NULL = '-0- ';

export interface SdnEntry {
  entNum: number;
  name: string;
  type?: string; // SDN_Type; "aircraft" unless given
  program: string; // as OFAC writes it, e.g. "SDGT] [NPWMD] [IFSR"
  remarks: string | null;
}

/** One sdn.csv record as OFAC writes it: quoted text fields, "-0- " for nulls. */
export function sdnRecord(entry: SdnEntry): string {
  const quoted = (value: string): string => `"${value.replace(/"/g, '""')}"`;
  const nulls = Array.from({ length: 7 }, () => OFAC_NULL);
  return [
    String(entry.entNum),
    quoted(entry.name),
    quoted(entry.type ?? 'aircraft'),
    quoted(entry.program),
    ...nulls,
    entry.remarks === null ? OFAC_NULL : quoted(entry.remarks),
  ].join(',');
}

/** An sdn.csv file: CRLF line ends and a final 0x1A byte, as OFAC publishes it. */
export function sdnFile(records: ReadonlyArray<SdnEntry | { raw: string }>, options: { eof?: boolean } = {}): string {
  const lines = records.map((record) => ('raw' in record ? record.raw : sdnRecord(record)));
  return lines.join('\r\n') + '\r\n' + (options.eof === false ? '' : DOS_EOF);
}

/** RA-78765 as the 2024 SDN list has it (facts of the real entry). */
export const SDN_RA78765: SdnEntry = {
  entNum: 40185,
  name: 'RA-78765',
  program: 'RUSSIA-EO14024',
  remarks:
    'Aircraft Manufacture Date 30 Jun 1988; Aircraft Model IL-76TD; ' +
    "Aircraft Manufacturer's Serial Number (MSN) 83486590; " +
    'Aircraft Tail Number RA-78765; Linked To: JSC AVIACON ZITOTRANS.',
};

/** An entry whose hex comes from its Mode S code (RF-82041, An-124). */
export const SDN_RF82041: SdnEntry = {
  entNum: 43162,
  name: 'RF-82041',
  program: 'RUSSIA-EO14024',
  remarks:
    'Aircraft Manufacture Date 08 Feb 1991; Aircraft Mode S Transponder Code 154079; Aircraft Model AN-124; ' +
    "Aircraft Manufacturer's Serial Number (MSN) 9773054055089; " +
    'Aircraft Tail Number RF-82041; Linked To: COMMAND OF THE MILITARY TRANSPORT AVIATION.',
};

/** An entry named by its MSN, with only a previous tail number. */
export const SDN_MSN_ONLY: SdnEntry = {
  entNum: 18151,
  name: 'MSN 449',
  program: 'SDGT] [NPWMD] [IFSR',
  remarks:
    'Aircraft Manufacture Date 2002; Aircraft Model Airbus A340-642; Previous Aircraft Tail Number YI-NAE; ' +
    "Aircraft Manufacturer's Serial Number (MSN) 449; " +
    'Additional Sanctions Information - Subject to Secondary Sanctions; Linked To: MAHAN AIR.',
};

/** A Conviasa entry whose Linked To holds a comma and ends in an abbreviation. */
export const SDN_YV1004: SdnEntry = {
  entNum: 28385,
  name: 'YV1004',
  program: 'VENEZUELA-EO13884',
  remarks:
    "Aircraft Model A340; Aircraft Manufacturer's Serial Number (MSN) 031; Aircraft Tail Number YV1004; " +
    'Linked To: CONSORCIO VENEZOLANO DE INDUSTRIAS AERONAUTICAS Y SERVICIOS AEREOS, S.A.',
};

/** A non-aircraft entry (an individual), which the importer must skip. */
export const SDN_INDIVIDUAL: SdnEntry = {
  entNum: 36,
  name: 'AEROCARIBBEAN AIRLINES',
  type: '-0- ',
  program: 'CUBA',
  remarks: 'a.k.a. "AERO-CARIBBEAN"; Havana, Cuba.',
};

// ---------------------------------------------------------------- plain watchlist CSV

export const PLAIN_CSV_HEADER = 'hex,registration,type,operator,reason,source';

export function plainCsvFile(lines: readonly string[], options: FileOptions = {}): string {
  return join(lines, options);
}

// ---------------------------------------------------------------- OurAirports

export const OURAIRPORTS_HEADER = [
  'id',
  'ident',
  'type',
  'name',
  'latitude_deg',
  'longitude_deg',
  'elevation_ft',
  'continent',
  'iso_country',
  'iso_region',
  'municipality',
  'scheduled_service',
  'gps_code',
  'iata_code',
  'local_code',
  'home_link',
  'wikipedia_link',
  'keywords',
] as const;

export type OurAirportsRow = Partial<Record<(typeof OURAIRPORTS_HEADER)[number] | 'icao_code', string>>;

/** Havana José Martí, as OurAirports lists it. */
export const MUHA: OurAirportsRow = {
  id: '4839',
  ident: 'MUHA',
  type: 'large_airport',
  name: 'José Martí International Airport',
  latitude_deg: '22.989200592041016',
  longitude_deg: '-82.40910339355469',
  elevation_ft: '210',
  continent: 'NA',
  iso_country: 'CU',
  iso_region: 'CU-03',
  municipality: 'Havana',
  scheduled_service: 'yes',
  gps_code: 'MUHA',
  iata_code: 'HAV',
  keywords: 'Habana',
};

/** Caracas Simón Bolívar (Maiquetía); its keywords hold quotes, as in the real file. */
export const SVMI: OurAirportsRow = {
  id: '6300',
  ident: 'SVMI',
  type: 'large_airport',
  name: 'Simón Bolívar International Airport',
  latitude_deg: '10.601194',
  longitude_deg: '-66.991222',
  elevation_ft: '234',
  continent: 'SA',
  iso_country: 'VE',
  iso_region: 'VE-X',
  municipality: 'Caracas',
  scheduled_service: 'yes',
  gps_code: 'SVMI',
  iata_code: 'CCS',
  keywords: 'Maiquetía "Simón Bolívar" International Airport',
};

const UNQUOTED_NUMBERS = new Set(['latitude_deg', 'longitude_deg', 'elevation_ft']);

/** OurAirports quotes every text field ("4839","MUHA",...) and leaves the numbers bare. */
function ourAirportsField(name: string, value: string): string {
  return UNQUOTED_NUMBERS.has(name) ? csvField(value) : `"${value.replace(/"/g, '""')}"`;
}

export function ourAirportsFile(
  rows: ReadonlyArray<OurAirportsRow | { raw: string }>,
  options: FileOptions & { header?: readonly string[] } = {},
): string {
  const header = options.header ?? OURAIRPORTS_HEADER;
  const lines = [
    header.map((name) => `"${name}"`).join(','),
    ...rows.map((row) =>
      'raw' in row
        ? String(row.raw)
        : header
            .map((name) => ourAirportsField(name, (row as Record<string, string | undefined>)[name] ?? ''))
            .join(','),
    ),
  ];
  return join(lines, options);
}
