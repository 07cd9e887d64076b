import { hostname } from 'node:os';

/**
 * This process among the instances sharing one database: its name in leases and job runs
 * (host:pid), and whether another holder's process is known to be gone. Only a process on this
 * same host can be known gone (it no longer exists); one elsewhere is gone when its lease lapses.
 */
export interface Instance {
  id: string;
  isGone(holder: string): boolean;
}

export function thisInstance(host = hostname(), pid = process.pid): Instance {
  return {
    id: `${host}:${pid}`,
    isGone(holder) {
      const at = holder.lastIndexOf(':');
      const [holderHost, holderPid] = [holder.slice(0, at), Number(holder.slice(at + 1))];
      if (holderHost !== host || !Number.isInteger(holderPid) || holderPid <= 0 || holderPid === pid)
        return false;
      try {
        process.kill(holderPid, 0); // signal 0: only asks whether the process exists
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    },
  };
}
