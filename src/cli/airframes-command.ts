import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { TailwatchError } from '../errors/tailwatch-error.js';
import { cleanText } from '../shared/clean-text.js';
import { normalizeHex } from '../shared/icao-hex.js';
import { applyAirframeChanges } from '../imports/airframe-changes.js';
import { importAirframeFile, type ImportFormat, IMPORT_FORMATS } from '../imports/import-airframe-file.js';
import { airframeHistory } from '../store/airframe-audit-repository.js';
import { listAirframes, removeAirframe } from '../store/airframes-repository.js';
import { createCliContext, type GlobalOptions, withDatabase } from './cli-context.js';
import { chooseFormat, renderRows } from './output-format.js';

const LIST_COLUMNS = ['hex', 'registration', 'type_code', 'operator', 'active', 'source', 'reason', 'updated_at'];

export function defaultActor(): string {
  try {
    return process.env.TAILWATCH_USER ?? userInfo().username;
  } catch {
    return 'unknown';
  }
}

function airframeRows(airframes: Awaited<ReturnType<typeof listAirframes>>) {
  return airframes.map((a) => ({
    hex: a.hex,
    registration: a.registration,
    type_code: a.typeCode,
    operator: a.operator,
    active: a.active,
    source: a.source,
    reason: a.reason,
    updated_at: a.updatedAt,
  }));
}

export function airframesCommand(
  globals: () => GlobalOptions,
  out: (text: string) => void,
  err: (text: string) => void,
  setExitCode: (code: number) => void,
): Command {
  const command = new Command('airframes').description(
    'manage the watched-airframe list (changes reach a running worker at its next poll)',
  );

  command
    .command('list')
    .description('list watched airframes')
    .option('--all', 'include removed (inactive) airframes')
    .addOption(new Option('--json', 'print JSON').conflicts('csv'))
    .option('--csv', 'print CSV')
    .action(async (options: { all?: boolean; json?: boolean; csv?: boolean }) => {
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const airframes = await listAirframes(db, { includeInactive: options.all === true });
        out(renderRows(airframeRows(airframes), LIST_COLUMNS, chooseFormat(options)));
      });
    });

  command
    .command('add')
    .description('add an airframe, or update the given fields of one (idempotent)')
    .argument('<hex>', 'ICAO 24-bit address, 6 hex digits (e.g. 1533ad)')
    .option('--reg <registration>', 'registration, e.g. RA-78765')
    .option('--type <type>', 'ICAO type designator, e.g. IL76')
    .option('--operator <operator>', 'operator, e.g. Aviacon Zitotrans')
    .option('--reason <text>', 'why it is watched')
    .option('--source <text>', 'where this entry comes from', 'cli')
    .option('--by <name>', 'who makes the change (audit)', defaultActor())
    .action(
      async (
        hexArgument: string,
        options: { reg?: string; type?: string; operator?: string; reason?: string; source: string; by: string },
      ) => {
        const hex = normalizeHex(hexArgument);
        const context = createCliContext(globals(), 'command');
        await withDatabase(context, async ({ db }) => {
          const typeCode = options.type === undefined ? undefined : (cleanText(options.type)?.toUpperCase() ?? null);
          const [entry] = await applyAirframeChanges(
            db,
            [
              {
                hex,
                fields: {
                  ...(options.reg !== undefined ? { registration: cleanText(options.reg) } : {}),
                  ...(typeCode !== undefined ? { typeCode } : {}),
                  ...(options.operator !== undefined ? { operator: cleanText(options.operator) } : {}),
                  ...(options.reason !== undefined ? { reason: cleanText(options.reason) } : {}),
                  source: cleanText(options.source),
                },
                activate: true,
              },
            ],
            { by: options.by, via: 'cli add' },
          );
          out(`${hex}: ${entry?.outcome ?? 'unchanged'}\n`);
        });
      },
    );

  command
    .command('remove')
    .description('stop watching an airframe (it is deactivated; its row and history stay)')
    .argument('<hex>', 'ICAO hex')
    .option('--reason <text>', 'why it is removed (kept in the audit trail)')
    .option('--by <name>', 'who makes the change (audit)', defaultActor())
    .action(async (hexArgument: string, options: { reason?: string; by: string }) => {
      const hex = normalizeHex(hexArgument);
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const outcome = await removeAirframe(db, hex, {
          by: options.by,
          via: 'cli remove',
          note: options.reason ?? null,
        });
        if (outcome === 'not_found') {
          throw new TailwatchError(
            'NOT_FOUND',
            `${hex} is not on the list; nothing to remove (see \`tailwatch airframes list --all\`).`,
          );
        }
        out(`${hex}: ${outcome.replace('_', ' ')}\n`);
      });
    });

  command
    .command('import')
    .description(
      'import airframes from a file; bad rows are reported with their line numbers and the good rows imported',
    )
    .argument('<file>', 'file to import')
    .addOption(new Option('--format <format>', 'file format').choices([...IMPORT_FORMATS]).makeOptionMandatory())
    .option('--resolve <file>', 'plane-alert-db CSV used to resolve OFAC tail numbers to hex')
    .option('--encoding <name>', "the file's encoding if not UTF-8 or UTF-16, e.g. latin1, windows-1251")
    .option('--dry-run', 'report what would change, write nothing')
    .option('--reactivate', 'also reactivate airframes that were removed (by default they stay removed)')
    .option('--by <name>', 'who makes the change (audit)', defaultActor())
    .action(
      async (
        file: string,
        options: {
          format: ImportFormat;
          resolve?: string;
          encoding?: string;
          dryRun?: boolean;
          reactivate?: boolean;
          by: string;
        },
      ) => {
        const context = createCliContext(globals(), 'command');
        const report = await withDatabase(context, ({ db }) =>
          importAirframeFile(db, {
            file,
            format: options.format,
            resolveFile: options.resolve,
            encoding: options.encoding,
            dryRun: options.dryRun === true,
            reactivate: options.reactivate === true,
            context: { by: options.by, via: `import ${options.format} ${basename(file)}` },
            limits: context.config.watchlist.import,
          }),
        );
        for (const row of report.rejected) err(`${file}:${row.line}: rejected: ${row.reason}\n`);
        for (const row of report.unresolved)
          err(`${file}:${row.line}: unresolved: ${row.registration} (${row.name}): ${row.detail}\n`);
        const c = report.counts;
        out(
          `${options.dryRun ? 'dry run (nothing written): ' : ''}` +
            `added ${c.added}, updated ${c.updated}, unchanged ${c.unchanged}, ` +
            `reactivated ${c.reactivated}, kept removed ${c.keptRemoved}, ` +
            `rejected ${c.rejected}, unresolved ${c.unresolved}\n`,
        );
        if (c.rejected > 0) setExitCode(1);
      },
    );

  command
    .command('export')
    .description('export the active list (CSV in the import format by default, or JSON)')
    .option('--csv', 'CSV: hex,registration,type,operator,reason,source (default)')
    .option('--json', 'JSON')
    .option('--all', 'include removed airframes')
    .action(async (options: { csv?: boolean; json?: boolean; all?: boolean }) => {
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const airframes = await listAirframes(db, { includeInactive: options.all === true });
        if (options.json) {
          out(renderRows(airframeRows(airframes), LIST_COLUMNS, 'json'));
          return;
        }
        const rows = airframes.map((a) => ({
          hex: a.hex,
          registration: a.registration,
          type: a.typeCode,
          operator: a.operator,
          reason: a.reason,
          source: a.source,
        }));
        out(renderRows(rows, ['hex', 'registration', 'type', 'operator', 'reason', 'source'], 'csv'));
      });
    });

  command
    .command('history')
    .description('show the audit trail of changes to the list')
    .argument('[hex]', 'only this airframe')
    .option('--json', 'print JSON')
    .action(async (hexArgument: string | undefined, options: { json?: boolean }) => {
      const hex = hexArgument === undefined ? undefined : normalizeHex(hexArgument);
      const context = createCliContext(globals(), 'command');
      await withDatabase(context, async ({ db }) => {
        const rows = (await airframeHistory(db, hex)).map((row) => ({
          changed_at: row.changedAt,
          hex: row.hex,
          action: row.action,
          changed_by: row.changedBy,
          db_user: row.dbUser,
          via: row.via,
          note: row.note,
          old_values: options.json ? (row.oldValues as never) : row.oldValues ? JSON.stringify(row.oldValues) : null,
          new_values: options.json ? (row.newValues as never) : row.newValues ? JSON.stringify(row.newValues) : null,
        }));
        out(
          renderRows(
            rows,
            ['changed_at', 'hex', 'action', 'changed_by', 'db_user', 'via', 'note'],
            options.json ? 'json' : 'table',
          ),
        );
      });
    });

  return command;
}
