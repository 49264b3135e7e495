import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** The instructions of the Dockerfile's last stage (what the image runs), continuation lines joined. */
function finalStage(): string[] {
  const text = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8').replace(/\\\r?\n/g, ' ');
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return lines.slice(lastFrom);
}

describe('the Docker image', () => {
  it('runs as a non-root user: the final stage ends on a USER that is not root or 0', () => {
    const users = finalStage()
      .filter((l) => /^USER\s/i.test(l))
      .map((l) => l.split(/\s+/)[1]!);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('has a HEALTHCHECK that runs `tailwatch status`', () => {
    const check = finalStage().find((l) => /^HEALTHCHECK\s/i.test(l));
    expect(check).toBeDefined();
    expect(check).toMatch(/bin\/tailwatch\.js status/);
  });

  it('runs node with the same flags as `npm start` (heap budget, no idle heap shrinking)', () => {
    const stage = finalStage();
    const entrypoint = stage.find((l) => /^ENTRYPOINT\s/i.test(l));
    expect(entrypoint).toBeDefined();
    const entryFlags = (JSON.parse(entrypoint!.replace(/^ENTRYPOINT\s+/i, '')) as string[]).filter((word) =>
      word.startsWith('--'),
    );
    const nodeOptions = stage
      .filter((l) => /^ENV\s+NODE_OPTIONS=/i.test(l))
      .flatMap((l) =>
        l
          .replace(/^ENV\s+NODE_OPTIONS=/i, '')
          .replace(/"/g, '')
          .split(/\s+/),
      );
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      scripts: { start: string };
    };
    const startFlags = pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
    expect(startFlags).toContain('--no-memory-reducer');
    expect(startFlags.some((flag) => flag.startsWith('--max-old-space-size='))).toBe(true);
    expect([...entryFlags, ...nodeOptions].sort()).toEqual([...startFlags].sort());
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(new URL('../compose.yaml', import.meta.url), 'utf8')) as {
    services: Record<string, { environment?: Record<string, string>; volumes?: string[] }>;
  };
  const postgres = compose.services.postgres!;
  const tailwatch = compose.services.tailwatch!;

  it('runs the worker as its own login, not the server superuser, with no password written in the file', () => {
    const url = tailwatch.environment!.DATABASE_URL!;
    const user = /^postgresql:\/\/([^:@]+)/.exec(url)?.[1];
    expect(user).toBeDefined();
    expect(user).not.toBe(postgres.environment!.POSTGRES_USER);
    expect(url).toMatch(/:\$\{TAILWATCH_DB_PASSWORD:\?[^}]*\}@/);
    expect(postgres.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it("creates that login as the database's owner, without superuser, in the image's init script", () => {
    const mount = postgres.volumes!.find((volume) => volume.includes('/docker-entrypoint-initdb.d'));
    expect(mount).toBeDefined();
    const folder = mount!.split(':')[0]!;
    const script = readFileSync(new URL(`../${folder}/10-tailwatch-owner.sh`, import.meta.url), 'utf8');
    expect(script).toMatch(/CREATE ROLE tailwatch LOGIN NOSUPERUSER/);
    expect(script).toMatch(/CREATE DATABASE tailwatch OWNER tailwatch/);
  });
});
