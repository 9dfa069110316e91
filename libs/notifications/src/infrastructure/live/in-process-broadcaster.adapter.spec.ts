import type { EventManager, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InProcessNotificationBroadcaster } from './in-process-broadcaster.adapter';
import type { LiveNotification } from '../../application/notification-view';

const notification: LiveNotification = {
  id: 'n1',
  memberId: 'member-1',
  type: 'sms.reply',
  title: 'New text from Ana Ortiz',
  body: 'Ana Ortiz sent a text message.',
  clientId: 'c1',
  messageId: 'm1',
  link: '/inbox/c1',
  createdAt: '2026-11-28T12:00:00.000Z',
  readAt: null,
};

function setup() {
  const events = { registerSubscriber: jest.fn() } as unknown as EventManager;
  const broadcaster = new InProcessNotificationBroadcaster(events);
  const root = {};
  const nested = { parentTransaction: root };
  const em = (trx: object) => ({ getTransactionContext: () => trx }) as unknown as EntityManager;
  const args = (transaction: object) => ({ transaction }) as unknown as TransactionEventArgs;
  return { broadcaster, root, nested, em, args };
}

describe('in-process notification broadcaster', () => {
  it('delivers once the outermost transaction commits, not when a savepoint is released', async () => {
    const { broadcaster, root, nested, em, args } = setup();
    const heard: unknown[] = [];
    await broadcaster.listen('member-1', (n) => heard.push(n));
    await broadcaster.announce(em(nested), notification);
    broadcaster.afterTransactionCommit(args(nested));
    expect(heard).toEqual([]);
    broadcaster.afterTransactionCommit(args(root));
    expect(heard).toEqual([expect.objectContaining({ id: 'n1' })]);
    broadcaster.afterTransactionCommit(args(root));
    expect(heard).toHaveLength(1);
  });

  it('drops what a rolled-back transaction announced', async () => {
    const { broadcaster, root, em, args } = setup();
    const heard: unknown[] = [];
    await broadcaster.listen('member-1', (n) => heard.push(n));
    await broadcaster.announce(em(root), notification);
    broadcaster.afterTransactionRollback(args(root));
    broadcaster.afterTransactionCommit(args(root));
    expect(heard).toEqual([]);
  });
});
