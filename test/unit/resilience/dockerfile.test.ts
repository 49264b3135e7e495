import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The instructions of the Dockerfile's last stage (what the image runs), continuation lines joined. */
function finalStage(): string[] {
  const text = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8').replace(/\\\r?\n/g, ' ');
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return lines.slice(lastFrom);
}

describe('the Docker image', () => {
  it('runs as a non-root user: the final stage ends on a USER that is not root or 0', () => {
    const users = finalStage().filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]!);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!;
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('has a HEALTHCHECK that runs `tailwatch status`', () => {
    const check = finalStage().find((l) => /^HEALTHCHECK\s/i.test(l));
    expect(check).toBeDefined();
    expect(check).toMatch(/bin\/tailwatch\.js status/);
  });
});
