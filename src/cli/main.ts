import { Command, CommanderError } from 'commander';
import { isTailwatchError } from '../errors/tailwatch-error.js';
import { redactSecrets } from '../log/redact-secrets.js';
import { printable } from '../shared/printable-text.js';
import { airframesCommand } from './airframes-command.js';
import { alertsCommand } from './alerts-command.js';
import { airportsCommand } from './airports-command.js';
import type { GlobalOptions } from './cli-context.js';
import { exportCommand } from './export-command.js';
import { legsCommand } from './legs-command.js';
import { migrateCommand } from './migrate-command.js';
import { pollCommand, replayCommand } from './poll-command.js';
import { pruneCommand } from './prune-command.js';
import { runCommand } from './run-command.js';
import { statusCommand } from './status-command.js';

export interface CliStreams {
  out: (text: string) => void;
  err: (text: string) => void;
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether `out` is a terminal (a person reading), where passwords may be shown. Default false. */
  outIsTty?: boolean;
}

const defaultStreams: CliStreams = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  outIsTty: process.stdout.isTTY === true,
};

export function buildProgram(
  streams: CliStreams = defaultStreams,
  setExitCode: (code: number) => void = () => {},
): Command {
  const program = new Command('tailwatch')
    .description(
      'Watch the airframes of sanctioned operators on public ADS-B feeds: ' +
        'legs, transponder gaps, Postgres, email alerts.',
    )
    .option('--config <file>', 'config file (default: config/tailwatch.yaml, or TAILWATCH_CONFIG)')
    .showHelpAfterError()
    .configureOutput({ writeOut: streams.out, writeErr: streams.err })
    .exitOverride();
  const globals = (): GlobalOptions => ({ ...program.opts<GlobalOptions>(), env: streams.env ?? process.env });
  program.addCommand(runCommand(globals, streams.out, streams.outIsTty === true));
  program.addCommand(migrateCommand(globals, streams.out));
  program.addCommand(airframesCommand(globals, streams.out, streams.err, setExitCode));
  program.addCommand(airportsCommand(globals, streams.out, streams.err, setExitCode));
  program.addCommand(pollCommand(globals, streams.out, setExitCode));
  program.addCommand(replayCommand(globals, streams.out, streams.err, setExitCode));
  program.addCommand(legsCommand(globals, streams.out));
  program.addCommand(exportCommand(globals, streams.out));
  program.addCommand(alertsCommand(globals, streams.out, setExitCode));
  program.addCommand(pruneCommand(globals, streams.out));
  program.addCommand(statusCommand(globals, streams.out, setExitCode));
  for (const command of program.commands) applyStreams(command, streams);
  return program;
}

function applyStreams(command: Command, streams: CliStreams): void {
  command.configureOutput({ writeOut: streams.out, writeErr: streams.err }).exitOverride();
  for (const child of command.commands) applyStreams(child, streams);
}

/** Runs the CLI and returns the exit code: 0 ok, 1 partial/failed, 2 usage or config, 3 database, 4 feeds. */
export async function main(argv: readonly string[], given: CliStreams = defaultStreams): Promise<number> {
  // Everything printed may hold text from feeds and files: no terminal escape sequence gets through.
  const streams: CliStreams = {
    ...given,
    out: (text) => given.out(printable(text)),
    err: (text) => given.err(printable(text)),
  };
  let exitCode = 0;
  const program = buildProgram(streams, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
        ? 0
        : 2;
    }
    if (isTailwatchError(error)) {
      streams.err(`tailwatch: ${redactSecrets(error.message)} [${error.code}]\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    streams.err(`tailwatch: unexpected error: ${redactSecrets(detail)}\n`);
    return 1;
  }
}
