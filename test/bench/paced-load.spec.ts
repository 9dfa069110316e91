import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

interface PacedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface PacedResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  warmupP99: number;
  measuredFrom: number;
  measuredSeconds: number;
  p99BySecond: number[];
  senderLateBySecond: number[];
  requests: number;
  non2xx: number;
  errors: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pacedLoad } = require('../../bench/paced-load') as {
  pacedLoad(
    baseUrl: string,
    options: { rate: number; seconds: number; next: () => PacedRequest; warmupSeconds?: number },
  ): Promise<PacedResult>;
};

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function requestsNumbered(): () => PacedRequest {
  let n = 0;
  return () => {
    n++;
    return { method: 'POST', path: `/texts/${n}`, headers: {}, body: `text ${n}` };
  };
}

describe('bench paced load', () => {
  let server: Server;
  let baseUrl: string;
  const received: string[] = [];
  /** Answers slowly between these offsets (ms) from the run's first request. */
  let slowWindow: [number, number] | null = null;
  let firstArrival: number | null = null;

  beforeAll(async () => {
    server = await listen((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(`${req.url} ${body}`);
        const since = Date.now() - (firstArrival ??= Date.now());
        const delay = slowWindow && since >= slowWindow[0] && since < slowWindow[1] ? 150 : 0;
        setTimeout(() => {
          res.statusCode = req.url === '/texts/7' ? 500 : 200;
          res.end();
        }, delay);
      });
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A run of `seconds` measured seconds at `rate`, after a warm-up of half a second. */
  const paced = (rate: number, seconds: number) =>
    pacedLoad(baseUrl, { rate, seconds, warmupSeconds: 0.5, next: requestsNumbered() });

  beforeEach(() => {
    received.length = 0;
    slowWindow = null;
    firstArrival = null;
  });

  it('sends every request built before the run once, and counts the warm-up apart', async () => {
    const result = await paced(200, 2);

    // 100 warm-up requests and 400 measured ones, each with its own path and body.
    expect(result.requests).toBe(500);
    expect(received).toHaveLength(500);
    expect(new Set(received).size).toBe(500);
    expect(received).toContain('/texts/1 text 1');
    expect(received).toContain('/texts/500 text 500');
    expect(result.non2xx).toBe(1);
    expect(result.errors).toBe(0);
    expect(result.measuredSeconds).toBe(2);
    expect(result.p99BySecond).toHaveLength(2);
    expect(result.senderLateBySecond).toHaveLength(2);
    expect(Math.abs(result.measuredFrom - Date.now())).toBeLessThan(60_000);
  });

  it("charges a server's stall to the second it fell in", async () => {
    // Warm-up 0.5 s, then the first measured second: the server answers slowly in its middle.
    slowWindow = [800, 1_200];

    const result = await paced(100, 3);

    expect(result.p99BySecond[0]).toBeGreaterThanOrEqual(150);
    expect(result.p99BySecond[2]).toBeLessThan(150);
    expect(result.p99).toBeGreaterThanOrEqual(150);
  });

  it("reports a stall in the warm-up apart from the measured seconds' p99", async () => {
    // The warm-up is the first 0.5 s; the server answers slowly in its middle only.
    slowWindow = [100, 300];

    const result = await paced(100, 2);

    expect(result.warmupP99).toBeGreaterThanOrEqual(150);
    expect(result.p99).toBeLessThan(150);
  });
});
