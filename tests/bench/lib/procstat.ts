import fs from 'node:fs';

/**
 * CPU and memory as Linux accounts them, read from /proc. Times are in clock ticks
 * (USER_HZ, 100 per second on Linux), so a reading is exact to 10 ms whatever the load.
 */
export const TICKS_PER_SECOND = 100;

/** Busy ticks of the whole machine (every core): everything but idle and iowait. */
export function machineBusyTicks(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return user! + nice! + system! + irq! + softirq! + steal!;
}

/** utime + stime of one process, plus what its reaped children used; 0 once it is gone. */
export function processTicks(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // The command name may hold spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is 14, stime 15, cutime 16, cstime 17.
  return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
}

/**
 * On-CPU time of every thread of a process so far, in nanoseconds (/proc/<pid>/task/<tid>/schedstat),
 * exact where tick counts are not: a cold load costs a few hundred milliseconds, tens of ticks.
 * Threads that ended are not counted; 0 once the process is gone.
 */
export function cpuNs(pid: number): number {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  let total = 0;
  for (const tid of tasks) {
    try {
      total += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended while we looked
    }
  }
  return total;
}

/** Every live descendant of `pid` (children, grandchildren, ...), found by scanning /proc. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  let frontier = [pid];
  for (let depth = 0; depth < 16 && frontier.length; depth++) {
    const next = [...parentOf].filter(([, ppid]) => frontier.includes(ppid)).map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** CPU ticks of a process and all its live descendants. */
export function treeTicks(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + processTicks(p), 0);
}

/** Read-like and write-like system calls a process made so far (/proc/<pid>/io), or zeros. */
export function syscalls(pid: number): { reads: number; writes: number } {
  try {
    const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
    return { reads: Number(/^syscr:\s+(\d+)/m.exec(io)?.[1] ?? 0), writes: Number(/^syscw:\s+(\d+)/m.exec(io)?.[1] ?? 0) };
  } catch {
    return { reads: 0, writes: 0 };
  }
}

/** Resident set size of one process in bytes (VmRSS), or 0 once it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** A one-line description of the machine for the report. */
export function machineDescription(): { cpu: string; cores: number; memoryGiB: number; kernel: string; node: string } {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown';
  const cores = cpuinfo.split('\n').filter((l) => l.startsWith('processor')).length;
  const memKb = Number(/^MemTotal:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  const kernel = fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  return { cpu: model, cores, memoryGiB: Math.round(memKb / 1024 / 1024), kernel, node: process.version };
}
