/**
 * Test-only fault injection, loaded into a spawned worker with `--import`: SIGKILLs the process at a
 * chosen point, so tests can prove a crash there loses and doubles nothing. Production code knows
 * nothing of it. TAILWATCH_TEST_CRASH_AT picks the point:
 * - `before-commit`: a cycle's transaction has written its alert rows and is about to COMMIT;
 * - `after-commit`: that COMMIT has just succeeded, before any email is sent;
 * - `after-accepted`: the SMTP server has accepted an email, before its rows are marked sent.
 * TAILWATCH_TEST_CRASH_SKIP (default 0) lets that many occurrences pass first. The process writes
 * `CRASH <point>` to stderr just before it dies.
 */
import nodemailer from 'nodemailer';
import pg from 'pg';

const point = process.env.TAILWATCH_TEST_CRASH_AT;
let skip = Number(process.env.TAILWATCH_TEST_CRASH_SKIP ?? '0');

function crashHere(): void {
  if (skip > 0) {
    skip -= 1;
    return;
  }
  process.stderr.write(`CRASH ${point}\n`);
  process.kill(process.pid, 'SIGKILL');
}

function sqlText(args: unknown[]): string {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && 'text' in first) return String((first as { text: unknown }).text);
  return '';
}

if (point === 'before-commit' || point === 'after-commit') {
  const wroteAlerts = new WeakSet<object>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function patchedQuery(this: object, ...args: unknown[]) {
    const text = sqlText(args).trim().toLowerCase();
    // The outbox insert may sit in a WITH (it queues the webhook deliveries in the same statement).
    if (/insert into alerts\s*\(/.test(text)) wroteAlerts.add(this);
    if (text === 'rollback') wroteAlerts.delete(this);
    if (text === 'commit' && wroteAlerts.has(this)) {
      wroteAlerts.delete(this);
      if (point === 'before-commit') crashHere();
      else {
        const result = original.apply(this, args);
        if (result instanceof Promise) return result.then((value: unknown) => (crashHere(), value));
        return result;
      }
    }
    return original.apply(this, args);
  };
}

if (point === 'after-accepted') {
  const mailer = nodemailer as unknown as {
    createTransport: (...args: unknown[]) => { sendMail: (...a: unknown[]) => Promise<unknown> };
  };
  const create = mailer.createTransport;
  mailer.createTransport = (...args: unknown[]) => {
    const transporter = create(...args);
    const send = transporter.sendMail.bind(transporter);
    transporter.sendMail = async (...a: unknown[]) => {
      const info = await send(...a);
      crashHere();
      return info;
    };
    return transporter;
  };
}
