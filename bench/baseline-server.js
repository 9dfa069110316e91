#!/usr/bin/env node
/**
 * The bare baseline the inbound webhook is measured against: node:http + pg doing the same
 * durable minimum — Twilio signature check, one idempotent INSERT, a TwiML answer. No
 * framework, no matching, no compliance, no activity: the floor, not a competitor.
 */
const http = require('node:http');
const { Pool } = require('pg');
const twilio = require('twilio');

const port = Number(process.env.PORT ?? 0);
const authToken = process.env.TWILIO_AUTH_TOKEN;
const publicUrl = `${process.env.PUBLIC_BASE_URL}/webhooks/twilio/sms`;
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

async function main() {
  await pool.query(
    'create table if not exists bench_baseline_inbound (message_sid text primary key, from_number text not null, to_number text not null, body text not null, received_at timestamptz not null default now())',
  );
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', async () => {
      const params = Object.fromEntries(new URLSearchParams(raw));
      if (
        !twilio.validateRequest(
          authToken,
          req.headers['x-twilio-signature'] ?? '',
          publicUrl,
          params,
        )
      ) {
        res.writeHead(403).end();
        return;
      }
      try {
        await pool.query(
          'insert into bench_baseline_inbound (message_sid, from_number, to_number, body) values ($1, $2, $3, $4) on conflict do nothing',
          [params.MessageSid, params.From, params.To, params.Body ?? ''],
        );
        res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<Response/>');
      } catch {
        res.writeHead(500).end();
      }
    });
  });
  server.listen(port, '127.0.0.1', () =>
    process.stdout.write(`listening ${server.address().port}\n`),
  );
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
