import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/** Kysely row types of the analysts' schema (see docs/schema.md). */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface AirframesTable {
  hex: string;
  registration: string | null;
  type_code: string | null;
  operator: string | null;
  reason: string | null;
  source: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AirframeChangesTable {
  id: Generated<string>;
  hex: string;
  action: 'add' | 'change' | 'remove' | 'reactivate';
  changed_by: string;
  changed_at: Timestamp;
  via: string | null;
  note: string | null;
  old_values: JSONColumnType<Record<string, unknown>> | null;
  new_values: JSONColumnType<Record<string, unknown>> | null;
}

export interface AirportsTable {
  ident: string;
  name: string;
  type: string;
  lat: number;
  lon: number;
  elevation_ft: number | null;
  iso_country: string | null;
  iata: string | null;
  source: Generated<string>;
}

export interface AppMetaTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface Database {
  airframes: AirframesTable;
  airframe_changes: AirframeChangesTable;
  airports: AirportsTable;
  app_meta: AppMetaTable;
}
