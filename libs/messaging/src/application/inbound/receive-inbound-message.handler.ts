import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock, PhoneNumber, maskPhone, newId } from '@app/kernel';
import {
  GroupCommit,
  IntegrationEventBus,
  LiveEvents,
  sqlTransaction,
  txMemo,
} from '@app/platform';
import { FindFirmByNumberQuery, FirmNumber, isFirmNumberChanged } from '@app/numbers';
import { ApplyInboundComplianceCommand } from '@app/compliance';
import { isPhoneClientsChanged } from '@app/directory';
import { InboundMessageReceived } from '../../contracts/messaging.contracts';
import { statusRank } from '../../domain/message-status';
import { analyzeSegments } from '../../domain/segments';
import { MessageEntity, newMessageRow } from '../../infrastructure/persistence/message.entity';
import { touchThread } from '../thread-updater';
import { InboundClientMatcher, InboundMatch } from './inbound-client-matcher';
import { InboundMessageStore, isStoredCarrierId } from './inbound-message.store';
import { toMessageView } from './message-view';
import {
  CarrierInboundSms,
  InboundReceipt,
  ReceiveInboundMessageCommand,
} from './receive-inbound-message.command';

/** Columns are 20 wide: E.164 fits; a short code or sender id the carrier passes through is cut. */
function normaliseNumber(raw: string): { e164: string | null; stored: string } {
  const e164 = PhoneNumber.parse(raw)?.e164 ?? null;
  return { e164, stored: (e164 ?? raw.trim()).slice(0, 20) };
}

interface Arrival {
  /** The text's place in its group. */
  index: number;
  sms: CarrierInboundSms;
  to: { e164: string | null; stored: string };
  from: { e164: string | null; stored: string };
  number: FirmNumber;
}

/**
 * Times of receipt for one group: the clock's, but each later than the one before, so texts
 * from one sender stored together keep their order in the thread.
 */
class ReceiptTimes {
  private last = 0;
  constructor(private readonly clock: Clock) {}

  next(): Date {
    this.last = Math.max(this.clock.now().getTime(), this.last + 1);
    return new Date(this.last);
  }
}

type Received =
  | { outcome: 'stored'; message: MessageEntity; reply: string | null }
  | { outcome: 'repeat' | 'unknown_number'; message: null; reply: null };

/**
 * Texts arriving together share a transaction; see `GroupCommit`. A second group overlaps the
 * one in flight only for a quarter of a full group, or once the one in flight has run 5 ms,
 * a few times what a group takes on a quiet database: it is then likely waiting on a lock.
 * Otherwise the texts wait for it and go together in the next. A group costs one or two round
 * trips and a commit however few texts it carries, and the groups of one or two that a free slot
 * would start made a text cost nearly twice the CPU (API and PostgreSQL) at half the peak rate
 * that it costs at the peak.
 */
const GROUPS_IN_FLIGHT = 2;
const TEXTS_PER_GROUP = 32;
const OVERLAP = { minItems: 8, afterMs: 5 };

/**
 * Stores a client's text once per carrier id, matches it to a client (or Unmatched), applies its
 * compliance effect and tells the other contexts, all in one transaction: a crash leaves either
 * everything or nothing, and the carrier's retry then finds nothing or a repeat.
 *
 * Texts that arrive while earlier ones are being stored are grouped into one transaction (group
 * commit): under a burst they share its BEGIN, COMMIT and the firm-wide reads, and each is still
 * answered only after the transaction that holds it has committed. A group that fails is retried
 * text by text, so a text fails only for its own reason.
 */
@CommandHandler(ReceiveInboundMessageCommand)
export class ReceiveInboundMessageHandler implements ICommandHandler<
  ReceiveInboundMessageCommand,
  InboundReceipt
> {
  private readonly logger = new Logger('InboundSms');
  private readonly groups = new GroupCommit<CarrierInboundSms, Received>({
    run: (texts) => this.receiveAll(texts),
    concurrency: GROUPS_IN_FLIGHT,
    maxItems: TEXTS_PER_GROUP,
    overlap: OVERLAP,
  });

  constructor(
    private readonly em: EntityManager,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly matcher: InboundClientMatcher,
    private readonly store: InboundMessageStore,
    private readonly events: IntegrationEventBus,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async execute({ sms }: ReceiveInboundMessageCommand): Promise<InboundReceipt> {
    const receipt = await this.groups.submit(sms);
    if (receipt.outcome === 'unknown_number') {
      this.logger.warn({ msg: 'inbound text for a number no firm holds', to: maskPhone(sms.to) });
    } else if (receipt.outcome === 'stored') {
      const { message } = receipt;
      this.live.publish({
        firmId: message.firmId,
        memberId: null,
        type: 'message.received',
        data: { messageId: message.id, clientId: message.clientId },
      });
    }
    return receipt.outcome === 'stored'
      ? { outcome: 'stored', message: toMessageView(receipt.message), reply: receipt.reply }
      : receipt;
  }

  /**
   * One transaction for the group. A text is nearly always new, so its insert goes with the
   * COMMIT, in the same round trip; a carrier id already stored (Twilio retrying) then fails
   * that COMMIT, and the group runs again, checking each text with its insert first. The firm's
   * number, and the clients with each sender's phone, are taken as this process remembers them
   * and checked with the COMMIT too; if they changed (a number released or paused, a client's
   * phone edited, another process's doing) the group runs again and reads them. So a group of
   * texts from senders seen before, each with one client or none, is one round trip: BEGIN, the
   * checks, the writes and COMMIT.
   */
  private async receiveAll(texts: readonly CarrierInboundSms[]): Promise<Received[]> {
    let insert: 'at-commit' | 'skip-stored' = 'at-commit';
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.receiveTogether(texts, insert);
      } catch (error) {
        if (attempt === 3) throw error;
        if (isStoredCarrierId(error)) insert = 'skip-stored';
        else if (!isFirmNumberChanged(error) && !isPhoneClientsChanged(error)) throw error;
      }
    }
  }

  /**
   * The group's transaction, in steps that each serve every text: the firm number each was sent
   * to, the client each is from, the insert (`at-commit`: with the COMMIT; `skip-stored`: at
   * once, skipping carrier ids stored before), then each stored text's compliance effect and
   * events. Texts are taken in (firm number, sender) order, which keeps row locks (a thread, a
   * consent) in one order across concurrent groups; texts from one sender keep their arrival
   * order.
   */
  private async receiveTogether(
    texts: readonly CarrierInboundSms[],
    insert: 'at-commit' | 'skip-stored',
  ): Promise<Received[]> {
    const order = texts
      .map((sms, index) => ({ sms, index }))
      .sort((a, b) => compare(a.sms.to, b.sms.to) || compare(a.sms.from, b.sms.from));
    return sqlTransaction(this.em, async (tx) => {
      const outcomes = new Array<Received>(texts.length);
      const arrivals: Arrival[] = [];
      for (const { sms, index } of order) {
        const to = normaliseNumber(sms.to);
        const number = await txMemo(tx, `numbers.firm-by-number:${to.stored}`, () =>
          this.queries.execute(new FindFirmByNumberQuery(to.stored, tx, true)),
        );
        if (number) arrivals.push({ index, sms, to, from: normaliseNumber(sms.from), number });
        else outcomes[index] = { outcome: 'unknown_number', message: null, reply: null };
      }

      const matches = await this.matcher.matchAll(
        tx,
        arrivals.map((a) => ({ firmId: a.number.firmId, from: a.from.e164 })),
      );
      const stamps = new ReceiptTimes(this.clock);
      const messages = arrivals.map((a, i) => {
        const message = this.newMessage(a, matches[i], stamps.next());
        message.receivedWhilePaused = a.number.inboundPaused;
        return message;
      });
      // A carrier id twice in one group is one text and its repeat.
      const firstOfSid = new Set<string>();
      const distinct = messages.filter((m) => {
        const sid = m.carrierMessageId ?? '';
        if (firstOfSid.has(sid)) return false;
        firstOfSid.add(sid);
        return true;
      });
      let stored: Set<string>;
      if (insert === 'skip-stored') {
        stored = await this.store.insertNew(tx, distinct);
      } else {
        for (const message of distinct) this.store.insertAtCommit(tx, message);
        stored = new Set(distinct.map((m) => m.id));
      }

      for (const [i, arrival] of arrivals.entries()) {
        const message = messages[i];
        outcomes[arrival.index] = stored.has(message.id)
          ? await this.applyEffects(tx, arrival.sms, message, matches[i], insert === 'skip-stored')
          : { outcome: 'repeat', message: null, reply: null };
      }
      return outcomes;
    });
  }

  /** What a stored text sets off: its compliance effect, its thread, and the event. */
  private async applyEffects(
    tx: EntityManager,
    sms: CarrierInboundSms,
    message: MessageEntity,
    match: InboundMatch,
    insertedAlready: boolean,
  ): Promise<Received> {
    const compliance = await this.commands.execute(
      new ApplyInboundComplianceCommand(
        tx,
        message.firmId,
        message.fromNumber,
        sms.body,
        sms.optOutType,
        message.id,
      ),
    );
    if (compliance.keyword || compliance.possibleOptOut) {
      message.keyword = compliance.keyword;
      message.possibleOptOut = compliance.possibleOptOut;
      if (insertedAlready) await this.store.recordCompliance(tx, message);
    }
    if (message.clientId) {
      touchThread(tx, {
        firmId: message.firmId,
        clientId: message.clientId,
        id: message.id,
        createdAt: message.createdAt,
        direction: 'inbound',
      });
    }
    await this.events.publish(
      tx,
      new InboundMessageReceived(
        message.firmId,
        message.id,
        message.clientId,
        match.clientName,
        message.fromNumber,
        message.toNumber,
        message.segments,
        message.keyword,
        message.possibleOptOut,
        message.receivedWhilePaused,
        message.createdAt.toISOString(),
      ),
    );
    return { outcome: 'stored', message, reply: compliance.reply };
  }

  private newMessage(
    { sms, number, from: { stored: from }, to: { stored: to } }: Arrival,
    match: InboundMatch,
    now: Date,
  ): MessageEntity {
    const { firmId } = number;
    const counted = analyzeSegments(sms.body);
    return newMessageRow({
      id: newId(),
      firmId,
      clientId: match.clientId,
      direction: 'inbound',
      body: sms.body,
      fromNumber: from,
      toNumber: to,
      peerNumber: from,
      status: 'received',
      statusRank: statusRank('received'),
      segments: sms.numSegments && sms.numSegments > 0 ? sms.numSegments : counted.segments,
      encoding: counted.encoding,
      carrierMessageId: sms.messageSid,
      carrierAccepted: true,
      matchCandidates: match.candidates,
      createdAt: now,
      statusUpdatedAt: now,
    });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
