import type { Airframe, AirframeFields } from './airframe.js';

/** An airframe as the list holds it: removed ones stay, inactive, with their history. */
export interface StoredAirframe extends Airframe {
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ChangeContext {
  /** Who made the change (operator name); recorded in airframe_changes.changed_by. */
  by: string;
  /** Which path made it, e.g. "cli add" or "import plane-alert-db list.csv". */
  via: string;
  note?: string | null;
}

/** One wanted state of an airframe: fields that are undefined keep their stored value. */
export interface AirframeChange {
  hex: string;
  fields: Partial<AirframeFields>;
  /** Reactivate the airframe if it was removed. */
  activate: boolean;
}

export type ChangeOutcome = 'added' | 'updated' | 'unchanged' | 'reactivated' | 'kept_removed';

export interface ChangePlanEntry {
  hex: string;
  outcome: ChangeOutcome;
  before: StoredAirframe | null;
  after: Airframe;
}

export type RemoveOutcome = 'removed' | 'already_removed' | 'not_found';

const FIELDS = ['registration', 'typeCode', 'operator', 'reason', 'source'] as const;

/** The hexes a list of changes touches, each once, in the order they first appear. */
export function changedHexes(changes: readonly AirframeChange[]): string[] {
  return [...new Set(changes.map((change) => change.hex))];
}

/**
 * Works out what each change would do to the stored airframes (`stored`: at least those of
 * changedHexes), without writing. Later entries for the same hex win. Sorted by hex.
 */
export function planChanges(
  changes: readonly AirframeChange[],
  stored: ReadonlyMap<string, StoredAirframe>,
): ChangePlanEntry[] {
  const merged = new Map<string, AirframeChange>();
  for (const change of changes) {
    const earlier = merged.get(change.hex);
    merged.set(
      change.hex,
      earlier
        ? {
            hex: change.hex,
            fields: { ...earlier.fields, ...definedOnly(change.fields) },
            activate: earlier.activate || change.activate,
          }
        : change,
    );
  }
  const plan: ChangePlanEntry[] = [];
  for (const change of merged.values()) {
    const before = stored.get(change.hex) ?? null;
    const after: Airframe = {
      hex: change.hex,
      registration: null,
      typeCode: null,
      operator: null,
      reason: null,
      source: null,
    };
    for (const field of FIELDS) {
      const wanted = change.fields[field];
      after[field] = wanted !== undefined ? wanted : (before?.[field] ?? null);
    }
    let outcome: ChangeOutcome;
    if (!before) outcome = 'added';
    else if (!before.active && !change.activate) outcome = 'kept_removed';
    else if (!before.active) outcome = 'reactivated';
    else outcome = FIELDS.some((field) => before[field] !== after[field]) ? 'updated' : 'unchanged';
    plan.push({ hex: change.hex, outcome, before, after });
  }
  return plan.sort((a, b) => a.hex.localeCompare(b.hex));
}

function definedOnly(fields: Partial<AirframeFields>): Partial<AirframeFields> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<AirframeFields>;
}
