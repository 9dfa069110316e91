import { Query } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';

/** A client as other contexts see it. */
export interface ClientContact {
  id: string;
  firmId: string;
  name: string;
  phone: string | null;
  email: string | null;
}

/** Null when the client does not exist in that firm. `tx` keeps the read on the caller's transaction. */
export class GetClientContactQuery extends Query<ClientContact | null> {
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

/** The firm's clients among `clientIds` (any order); other firms' and unknown ids are left out. */
export class GetClientContactsQuery extends Query<ClientContact[]> {
  constructor(
    readonly firmId: string,
    readonly clientIds: string[],
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

/** Every client of the firm with that E.164 phone, oldest first. */
export class FindClientsByPhoneQuery extends Query<ClientContact[]> {
  constructor(
    readonly firmId: string,
    readonly phone: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

/**
 * Every client with each of the given (firm, E.164 phone) pairs, oldest first within a pair: one
 * read for a group of texts received together. With `remembered` (and a transaction), a pair's
 * clients may be what this process read before, without reading them again: the transaction
 * then checks them with its COMMIT, which fails (`isPhoneClientsChanged`) if that phone's clients
 * in that firm changed since; the process forgets them on the rollback, so running the
 * transaction again reads them afresh.
 */
export class FindClientsByPhonesQuery extends Query<ClientContact[]> {
  constructor(
    readonly pairs: readonly { firmId: string; phone: string }[],
    readonly tx?: EntityManager,
    readonly remembered = false,
  ) {
    super();
  }
}

/**
 * A transaction failed because the clients of a phone it matched a sender by changed (see
 * FindClientsByPhonesQuery).
 */
export function isPhoneClientsChanged(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'AP002';
}

export interface FirmSummary {
  id: string;
  name: string;
}

export class GetFirmQuery extends Query<FirmSummary | null> {
  constructor(
    readonly firmId: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

export interface MemberSummary {
  id: string;
  firmId: string;
  name: string;
  email: string;
  role: string;
}

export class ListFirmMembersQuery extends Query<MemberSummary[]> {
  constructor(
    readonly firmId: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

/** Sets a client's phone (already E.164), e.g. when triage saves an unknown number to a client. */
export class SetClientPhoneCommand {
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    readonly phone: string,
    readonly actorId: string,
    readonly tx?: EntityManager,
  ) {}
}

export class ClientPhoneChanged {
  readonly eventName = 'directory.client_phone_changed';
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    readonly previousPhone: string | null,
    readonly phone: string | null,
    readonly occurredAt: string,
  ) {}
}

export class MemberCreated {
  readonly eventName = 'directory.member_created';
  constructor(
    readonly firmId: string,
    readonly memberId: string,
    readonly role: string,
    readonly occurredAt: string,
  ) {}
}
