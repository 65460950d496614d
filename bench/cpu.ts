/**
 * Where the cores go during a run: CPU time of this Node.js process (handlers, local servers written
 * in JavaScript, load generator), of DynamoDB Local (its own Java process), and of everything else
 * on the machine (other work sharing the cores), from /proc (Linux). With `--cpu-prof` on the run's
 * process, `profileShares` splits the Node.js share by what the time was spent in.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second in /proc (USER_HZ): 100 on every Linux we run on. */
const TICK_MS = 10;

export interface CpuSnapshot {
  at: number;
  nodeMs: number;
  dynamodbLocalMs: number;
  machineBusyMs: number;
}

export function javaPidForPort(port: number): number | undefined {
  for (const entry of safe(() => readdirSync('/proc'), [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = safe(() => readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'), [] as string[]);
    if (cmdline.some((a) => a.includes('DynamoDBLocal')) && cmdline.includes('-port') && cmdline[cmdline.indexOf('-port') + 1] === String(port)) return Number(entry);
  }
  return undefined;
}

export function cpuSnapshot(javaPid: number | undefined): CpuSnapshot {
  const usage = process.cpuUsage();
  return { at: performance.now(), nodeMs: (usage.user + usage.system) / 1000, dynamodbLocalMs: javaPid ? processCpuMs(javaPid) : 0, machineBusyMs: machineBusyMs() };
}

export interface CpuSplit {
  wallMs: number;
  /** Core-milliseconds the machine had (wall time × cores). */
  availableMs: number;
  nodeProcessPct: number;
  dynamodbLocalPct: number;
  /** Other processes sharing the machine (on a shared runner, other people's work). */
  otherPct: number;
  idlePct: number;
}

export function cpuSplit(from: CpuSnapshot, to: CpuSnapshot, cores: number): CpuSplit {
  const wallMs = to.at - from.at;
  const availableMs = wallMs * cores;
  const node = to.nodeMs - from.nodeMs;
  const java = to.dynamodbLocalMs - from.dynamodbLocalMs;
  const busy = to.machineBusyMs - from.machineBusyMs;
  const pct = (n: number) => Math.round((Math.max(0, n) / availableMs) * 1000) / 10;
  return { wallMs: Math.round(wallMs), availableMs: Math.round(availableMs), nodeProcessPct: pct(node), dynamodbLocalPct: pct(java), otherPct: pct(busy - node - java), idlePct: pct(availableMs - busy) };
}

function processCpuMs(pid: number): number {
  const stat = safe(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), '');
  // Fields after the command name (which may contain spaces) start at state; utime and stime are the 14th and 15th overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * TICK_MS;
}

function machineBusyMs(): number {
  const line = safe(() => readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '', '');
  const [, user, nice, system, , iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  void iowait;
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * TICK_MS;
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** What each profile sample is attributed to: the innermost frame on its stack that belongs to one of these. */
const CATEGORIES: Array<[string, RegExp]> = [
  ['SQS/SNS server (fauxqs)', /node_modules\/fauxqs\//],
  ['SES server', /node_modules\/aws-ses-v2-local\//],
  ['local Comprehend engine', /\/local\/comprehend\//],
  ['other local servers and runtime glue', /\/local\//],
  ['load generator (signing, posting)', /\/bench\/|\/cli\/lib\//],
  ['handlers: AWS SDK clients (serialize, sign, parse)', /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//],
  ['handlers: our code, middy, Powertools, zod', /\/functions\/|node_modules\/(@middy|@aws-lambda-powertools|zod|standardwebhooks)\//],
];

/**
 * Splits a V8 CPU profile (`node --cpu-prof`) by category. Samples whose whole stack is Node.js
 * internals (HTTP parsing, sockets, GC, timers) count as "Node.js runtime: HTTP, sockets, GC".
 */
export function profileShares(profile: { nodes: ProfileNode[]; samples: number[] }): Record<string, number> {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const categoryOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const known = categoryOf.get(id);
    if (known) return known;
    const node = byId.get(id);
    let category: string;
    if (!node) category = 'Node.js runtime: HTTP, sockets, GC';
    else if (node.callFrame.functionName === '(idle)') category = 'idle';
    else {
      const match = CATEGORIES.find(([, re]) => re.test(node.callFrame.url));
      category = match ? match[0] : parent.has(id) ? resolve(parent.get(id)!) : 'Node.js runtime: HTTP, sockets, GC';
    }
    categoryOf.set(id, category);
    return category;
  };
  const counts: Record<string, number> = {};
  for (const s of profile.samples) counts[resolve(s)] = (counts[resolve(s)] ?? 0) + 1;
  const busy = profile.samples.length - (counts.idle ?? 0);
  delete counts.idle;
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round((n / busy) * 1000) / 10]));
}
