import { createServer, Server, Socket } from 'node:net';

/**
 * A mail server that has hung: it accepts TCP connections on the port and never says a word,
 * so a client waits for the SMTP greeting until its own timeout. Closing it drops every
 * connection it holds, as a restarting server would.
 */
export class SmtpBlackHole {
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  accepted = 0;

  async listen(port: number): Promise<void> {
    const server = createServer((socket) => {
      this.accepted++;
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
