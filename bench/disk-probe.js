/**
 * What the machine did to everyone during a paced run, sampled by a process that does almost
 * nothing:
 * - how long the disk takes to make a small write durable: a PostgreSQL commit waits for the
 *   same kind of flush (its WAL);
 * - how late its own timer fires: a process that is idle between ticks is late only when the
 *   whole machine stopped (a virtual machine paused by its host) or every CPU was taken.
 * A run's slow seconds can so be told apart into the ones the machine caused (every process
 * waits, the baseline's too) and the ones the server caused.
 *
 * `startDiskProbe(dir)` forks this file, which writes 8 kB and fdatasyncs it every 40 ms in `dir`
 * and reports each tick as `[unixMs, flushMs, lateMs]`; `stop()` answers those samples. The probe
 * is a process of its own so that its synchronous flushes never stall the load generator.
 */
const { fork } = require('node:child_process');
const { closeSync, fdatasyncSync, openSync, rmSync, writeSync } = require('node:fs');
const path = require('node:path');

const INTERVAL_MS = 40;
const BLOCK = 8192;

function startDiskProbe(dir) {
  const child = fork(__filename, [dir], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const samples = [];
  child.on('message', (batch) => samples.push(...batch));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    /** Every tick since the start: `[unixMs, flushMs, lateMs]`. */
    async stop() {
      if (child.connected) child.send('stop');
      await exited;
      return samples;
    },
  };
}

/**
 * The ticks of a measured run, second by second: the slowest flush and the latest timer of each
 * second (lined up with the run's p99 by second), the slowest flush overall and how many flushes
 * took longer than `slowMs`.
 */
function summarizeFlushes(samples, measuredFrom, seconds, slowMs = 20) {
  const inRun = samples.filter(([at]) => at >= measuredFrom && at < measuredFrom + seconds * 1000);
  const maxBySecond = Array.from({ length: seconds }, () => 0);
  const lateBySecond = Array.from({ length: seconds }, () => 0);
  for (const [at, ms, late = 0] of inRun) {
    const second = Math.floor((at - measuredFrom) / 1000);
    maxBySecond[second] = Math.max(maxBySecond[second], ms);
    lateBySecond[second] = Math.max(lateBySecond[second], late);
  }
  const sorted = inRun.map(([, ms]) => ms).sort((a, b) => a - b);
  const at = (q) => +(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    flushes: inRun.length,
    p50Ms: +at(0.5).toFixed(1),
    maxMs: +at(1).toFixed(1),
    slow: inRun.filter(([, ms]) => ms > slowMs).length,
    slowMs,
    maxBySecond: maxBySecond.map((ms) => +ms.toFixed(1)),
    timerLateBySecond: lateBySecond.map((ms) => +ms.toFixed(1)),
  };
}

function runProbe(dir) {
  const file = path.join(dir, `aps-disk-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(BLOCK, 0x61);
  let batch = [];
  let stopping = false;
  process.on('message', () => {
    stopping = true;
  });
  const flush = () => {
    if (batch.length > 0) process.send(batch);
    batch = [];
  };
  let due = performance.now();
  const tick = () => {
    const late = Math.max(0, performance.now() - due);
    if (stopping) {
      flush();
      closeSync(fd);
      rmSync(file, { force: true });
      process.disconnect();
      return;
    }
    const started = performance.now();
    writeSync(fd, block, 0, BLOCK, 0);
    fdatasyncSync(fd);
    const finished = performance.now();
    batch.push([Date.now(), finished - started, late]);
    if (batch.length >= 50) flush();
    due = finished + INTERVAL_MS;
    setTimeout(tick, INTERVAL_MS);
  };
  tick();
}

if (require.main === module) runProbe(process.argv[2]);

module.exports = { startDiskProbe, summarizeFlushes };
