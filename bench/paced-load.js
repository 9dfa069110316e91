/**
 * Open-loop load at a steady rate: request i is due at start + i/rate, whatever happened to the
 * ones before it, and its latency counts from when it was due (so a stall shows in the tail
 * instead of slowing the sender down). autocannon's own rate limit sends each second's quota in
 * a burst at the start of the second, which measures queueing behind that burst rather than the
 * latency at that rate.
 *
 * The first `warmupSeconds` run at the same rate and are not counted: they open the connections
 * the rate needs (as autocannon and wrk open theirs before they start) and are what a server
 * answering a steady rate has behind it. Stalls after that count in full.
 *
 * Three seconds of it by default, because every run starts right after the bench's checkpoint
 * (settle() takes one so that none falls inside a run). After a checkpoint, the first change to
 * each page writes the whole page to the log, so the first seconds write several times the log
 * of the steady state (the product's inbound at half its peak: 7.8 MB in its first second, about
 * 2.7 MB in each later one) and every commit waits longer for it. A server at a steady rate goes
 * through that once a checkpoint interval (5 minutes by default), not once every ten seconds.
 * The warm-up's own p99 is reported beside the measured one, so the transient stays in view.
 *
 * A request that leaves late counts its delay as latency, so a pause of the sender's own would
 * be charged to the server. The requests are therefore built (and signed) before the clock
 * starts, and sent by a process of their own (this file, forked) that holds nothing else: the
 * bench's process, with all it has gathered by then, would collect its garbage in the middle of
 * a run. The sender still shares the machine's CPUs, so it reports how late its own timer fired,
 * second by second, beside each second's p99.
 */
const { fork } = require('node:child_process');
const http = require('node:http');

function pacedLoad(baseUrl, { rate, seconds, next, warmupSeconds = 3 }) {
  const warm = Math.round(rate * warmupSeconds);
  const total = warm + Math.max(1, Math.round(rate * seconds));
  const requests = Array.from({ length: total }, () => next());
  return new Promise((resolve, reject) => {
    const sender = fork(__filename, [], {
      // Not the flags this process was started with (an inspector's port, a profiler).
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let result = null;
    sender.once('message', (answer) => {
      result = answer;
      sender.disconnect();
    });
    sender.once('error', reject);
    sender.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`the paced sender exited with ${code}`)),
    );
    sender.send({ baseUrl, rate, seconds, warmupSeconds, warm, requests });
  });
}

/** The sender's side: fires `requests` at `rate`, in this process, and answers the summary. */
function send({ baseUrl, rate, seconds, warmupSeconds, warm, requests }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(baseUrl);
  const total = requests.length;
  const latencies = [];
  const warmupLatencies = [];
  // Latencies by the second of the measured run they were due in: where in the run the tail was.
  const bySecond = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const started = performance.now();
  // How late a 5 ms timer of this process fired, by measured second.
  const lateBySecond = Array.from({ length: seconds }, () => 0);
  let lastBeat = started;
  const beat = setInterval(() => {
    const now = performance.now();
    const second = Math.floor((now - started) / 1000 - warmupSeconds);
    if (second >= 0 && second < seconds) {
      lateBySecond[second] = Math.max(lateBySecond[second], now - lastBeat - SENDER_BEAT_MS);
    }
    lastBeat = now;
  }, SENDER_BEAT_MS);

  return new Promise((resolve) => {
    const finish = () => {
      clearInterval(beat);
      agent.destroy();
      latencies.sort((a, b) => a - b);
      warmupLatencies.sort((a, b) => a - b);
      const quantile = (sorted, q) =>
        +(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
      const at = (q) => quantile(latencies, q);
      const elapsed = (performance.now() - started) / 1000 - warmupSeconds;
      resolve({
        rps: Math.round((done - warm) / elapsed),
        p50: at(0.5),
        p99: at(0.99),
        max: at(1),
        warmupP99: quantile(warmupLatencies, 0.99),
        // When the measured seconds began (Unix ms), to line them up with what else happened then.
        measuredFrom: Math.round(performance.timeOrigin + started + warmupSeconds * 1000),
        measuredSeconds: seconds,
        p99BySecond: bySecond.map((second) => {
          second.sort((a, b) => a - b);
          return +(
            second[Math.min(second.length - 1, Math.floor(0.99 * second.length))] ?? 0
          ).toFixed(1);
        }),
        senderLateBySecond: lateBySecond.map((ms) => +ms.toFixed(1)),
        // All answered, the warm-up's included: what the server's CPU time is divided by.
        requests: done,
        non2xx,
        errors,
      });
    };
    const fire = (index, due, counted) => {
      const { method, path, headers, body } = requests[index];
      const req = http.request(
        { agent, host: target.hostname, port: target.port, method, path, headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            const latency = performance.now() - due;
            if (counted) {
              latencies.push(latency);
              const second = Math.floor((due - started) / 1000 - warmupSeconds);
              (bySecond[second] ??= []).push(latency);
            } else {
              warmupLatencies.push(latency);
            }
            if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
            if (++done === total) finish();
          });
        },
      );
      req.on('error', () => {
        errors++;
        if (++done === total) finish();
      });
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + (sent * 1000) / rate <= now) {
        fire(sent, started + (sent * 1000) / rate, sent >= warm);
        sent++;
      }
      if (sent < total)
        setTimeout(tick, Math.max(0, started + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
}

const SENDER_BEAT_MS = 5;

if (require.main === module) {
  process.once('message', async (job) => {
    const result = await send(job);
    process.send(result);
  });
}

module.exports = { pacedLoad };
