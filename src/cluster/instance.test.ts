import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { thisInstance } from './instance.ts';

describe('thisInstance', () => {
  it('is named host:pid', () => {
    expect(thisInstance('server-a', 4242).id).toBe('server-a:4242');
  });

  it('knows a holder on this host gone once its process has ended, and nothing about other hosts', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const me = thisInstance('server-a');
    const holder = `server-a:${child.pid}`;
    expect(me.isGone(holder)).toBe(false);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(me.isGone(holder)).toBe(true);
    expect(me.isGone(`server-b:${child.pid}`)).toBe(false); // another host: wait for the lease
    expect(me.isGone(`server-a:${process.pid}`)).toBe(false); // itself
    expect(me.isGone('server-a:not-a-pid')).toBe(false);
    expect(me.isGone('host:with:colons:1')).toBe(false);
  });
});
