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
 */
const http = require('node:http');

function pacedLoad(baseUrl, { rate, seconds, next, warmupSeconds = 1 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(baseUrl);
  const warm = Math.round(rate * warmupSeconds);
  const total = warm + Math.max(1, Math.round(rate * seconds));
  const latencies = [];
  // Latencies by the second of the measured run they were due in: where in the run the tail was.
  const bySecond = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const started = performance.now();

  return new Promise((resolve) => {
    const finish = () => {
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const at = (q) =>
        +(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(
          1,
        );
      const elapsed = (performance.now() - started) / 1000 - warmupSeconds;
      resolve({
        rps: Math.round((done - warm) / elapsed),
        p50: at(0.5),
        p99: at(0.99),
        max: at(1),
        // When the measured seconds began (Unix ms), to line them up with what else happened then.
        measuredFrom: Math.round(performance.timeOrigin + started + warmupSeconds * 1000),
        measuredSeconds: seconds,
        p99BySecond: bySecond.map((second) => {
          second.sort((a, b) => a - b);
          return +(
            second[Math.min(second.length - 1, Math.floor(0.99 * second.length))] ?? 0
          ).toFixed(1);
        }),
        // All answered, the warm-up's included: what the server's CPU time is divided by.
        requests: done,
        non2xx,
        errors,
      });
    };
    const fire = (due, counted) => {
      const { method, path, headers, body } = next();
      const req = http.request(
        { agent, host: target.hostname, port: target.port, method, path, headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (counted) {
              const latency = performance.now() - due;
              latencies.push(latency);
              const second = Math.floor((due - started) / 1000 - warmupSeconds);
              (bySecond[second] ??= []).push(latency);
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
        fire(started + (sent * 1000) / rate, sent >= warm);
        sent++;
      }
      if (sent < total)
        setTimeout(tick, Math.max(0, started + (sent * 1000) / rate - performance.now()));
    };
    tick();
  });
}

module.exports = { pacedLoad };
