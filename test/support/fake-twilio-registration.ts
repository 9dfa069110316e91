import type { ServerResponse } from 'node:http';
import type { FakeOwnedNumber, RecordedRequest } from './fake-twilio';
import { FakeA2pMessaging } from './fake-a2p-messaging';
import { FakeTrustHub } from './fake-trust-hub';

export interface FakeCreate {
  /** e.g. `CustomerProfile`, `EndUser`, `BrandRegistration`, `UsAppToPerson` */
  kind: string;
  sid: string;
  /** The friendly name, or what the resource belongs to (a bundle, a service). */
  key: string;
}

/** What both fakes share: every create they answered, and how long reviews last. */
export class RegistrationLedger {
  readonly creates: FakeCreate[] = [];
  /** Fetches of a submitted resource that still answer "in review" before it is approved. */
  reviewPolls = 1;

  created(kind: string, sid: string, key: string): void {
    this.creates.push({ kind, sid, key });
  }
}

/**
 * The TrustHub and Messaging endpoints of the A2P 10DLC workflow, mounted on FakeTwilio (every
 * Twilio host maps onto its one base URL). Counts every create so tests can prove no resource
 * was made twice.
 */
export class FakeTwilioRegistration {
  readonly ledger = new RegistrationLedger();
  readonly trustHub: FakeTrustHub;
  readonly messaging: FakeA2pMessaging;

  constructor(accountSid: string, ownedNumber: (sid: string) => FakeOwnedNumber | undefined) {
    this.trustHub = new FakeTrustHub(accountSid, this.ledger);
    this.messaging = new FakeA2pMessaging(
      accountSid,
      this.ledger,
      (sid) => this.trustHub.bundles.get(sid),
      ownedNumber,
    );
  }

  set reviewPolls(polls: number) {
    this.ledger.reviewPolls = polls;
  }

  /** Brands created from now on fail their review with this reason. */
  rejectBrands(description: string, code = 30794): void {
    this.messaging.brandFailure = [{ code, description }];
  }

  /** How many resources of each kind were created. */
  createdCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { kind } of this.ledger.creates) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }

  reset(): void {
    this.ledger.creates.length = 0;
    this.ledger.reviewPolls = 1;
    this.trustHub.reset();
    this.messaging.reset();
  }

  handles(request: RecordedRequest): boolean {
    return this.trustHub.handles(request.path) || this.messaging.handles(request.path);
  }

  answer(request: RecordedRequest, res: ServerResponse): void {
    if (this.trustHub.handles(request.path)) this.trustHub.answer(request, res);
    else this.messaging.answer(request, res);
  }
}
