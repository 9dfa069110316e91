import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export interface LiveEvent {
  firmId: string;
  /** Only this member receives it; null for everyone in the firm. */
  memberId: string | null;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Pushes small "something changed" signals to connected browsers. In one process (the embedded
 * default) an in-memory emitter is enough; publishers call it after their transaction commits.
 */
@Injectable()
export class LiveEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
