import type { EvaluationRecord } from '../../contract/evaluation.ts';
import type { PushItemList, PushItemQuery, PushResendBody, PushState, PushStateData, PushTargetList, PushItemView } from '../../contract/push.ts';
import type { Actor } from '../../contract/events.ts';
import type { z } from 'zod';
import { DomainError, notFound } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import { SYSTEM, type Tx } from '../queue/core.ts';
import type { PushConsumer, PushJournal, QueuedItem, SettledAttempt } from '../push/consumer.ts';
import { PUSH_CONSUMER } from '../push/consumer.ts';
import type { PushItemRow, PushStore } from '../push/push-store.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import { audited } from './audited.ts';
import { actorOf, type Caller } from './caller.ts';

/**
 * The 好差评 push's writes (server/push/). Every change of a record's push state at a target is an
 * `evaluation.push_state` event, committed with the row that holds it, so the hall's log says what was
 * pushed and the uplink carries it to the central platform like any other event.
 */

function stateEvent(tx: Tx, actor: Actor, store: PushStore, item: PushItemRow, state: PushState, extra: { attempts: number; status: number | null; reason: string | null; resend: boolean }): void {
  const record = JSON.parse(item.record) as EvaluationRecord;
  const target = store.target(item.target);
  const data: PushStateData = {
    target: item.target,
    targetName: target?.name ?? item.target,
    recordKey: item.record_key,
    recordId: record.id,
    revision: record.revision,
    ticketId: item.ticket_id,
    day: record.day,
    evaluationSeq: item.event_seq,
    state,
    ...extra,
  };
  tx.emit({ type: 'evaluation.push_state', actor, ticket: null, window: null, data });
}

/** The journal the consumer writes through: engine transactions, so the states are events. */
export function pushJournal(ctx: HallContext, store: PushStore, outbox: OutboxStore): PushJournal {
  return {
    queue(items: readonly QueuedItem[], cursor: number) {
      ctx.engine.core.run((tx) => {
        const at = tx.now.toISOString();
        for (const i of items) {
          const added = store.addItem({ target: i.target.code, recordKey: i.recordKey, ticketId: i.record.ticketId, seq: i.seq, record: JSON.stringify(i.record), at });
          if (added) stateEvent(tx, SYSTEM, store, store.itemByKey(i.target.code, i.recordKey)!, 'pending', { attempts: 0, status: null, reason: null, resend: false });
        }
        // The cursor moves in the same transaction: a crash before it re-reads, and addItem ignores what it holds.
        outbox.advance(PUSH_CONSUMER, cursor, tx.now);
      });
    },
    settle(item: PushItemRow, a: SettledAttempt) {
      const o = a.outcome;
      const state: PushState = o.kind === 'sent' ? 'sent' : o.kind === 'rejected' ? 'rejected' : 'pending';
      const reason = o.kind === 'sent' ? null : o.reason;
      const write = (tx?: Tx) => {
        const current = store.item(item.id);
        // A 补报 while the attempt was in flight: the item was reset; this attempt's answer still counts.
        if (!current) return;
        store.recordAttempt(item, { attempt: a.attempt, at: a.at, status: o.status, outcome: o.kind, reason, durationMs: a.durationMs }, {
          state,
          nextAttemptAt: a.nextAttemptAt,
          sentAt: o.kind === 'sent' ? (tx?.now ?? ctx.clock.now()).toISOString() : null,
        });
        if (tx) stateEvent(tx, SYSTEM, store, item, state, { attempts: a.attempt, status: o.status, reason, resend: false });
      };
      // A retry changes no state: its log row needs no event (an outage must not flood the hall's log).
      if (state === 'pending') store.atomically(() => write());
      else ctx.engine.core.run((tx) => write(tx));
    },
  };
}

export function listPushTargets(push: PushConsumer | undefined): z.input<typeof PushTargetList> {
  return { targets: push ? push.targetViews() : [] };
}

export function listPushItems(push: PushConsumer | undefined, q: PushItemQuery): z.input<typeof PushItemList> {
  return { items: push ? push.items(q) : [] };
}

/**
 * 补报: a supervisor sends a record again (after a rejection whose cause was fixed, or to a receiver that
 * lost it). Same idempotency key; the target's current maps; audited; a `pending` event with `resend`.
 */
export function resendPush(ctx: HallContext, push: PushConsumer | undefined, caller: Caller, id: number, body: PushResendBody): { item: PushItemView } {
  if (!push) throw notFound('本大厅未配置好差评推送目标。');
  const item = audited(
    ctx,
    caller,
    { action: 'supervisor.push.resend', target: () => push.store.item(id)?.record_key ?? String(id), detail: () => ({ target: push.store.item(id)?.target ?? null, reason: body.reason ?? null }) },
    (tx) => {
      const row = push.store.item(id);
      if (!row) throw notFound(`没有找到推送记录 ${id}。`);
      const target = push.store.target(row.target);
      if (!target || target.active !== 1) throw new DomainError('conflict', 'PUSH_TARGET_INACTIVE', `推送目标 ${row.target} 已停用，无法补报。`);
      if (row.state === 'pending') throw new DomainError('conflict', 'PUSH_ALREADY_PENDING', '这条记录正在等待推送，无需补报。');
      push.store.resend(id, tx.now.toISOString());
      const fresh = push.store.item(id)!;
      stateEvent(tx, actorOf(caller.principal), push.store, fresh, 'pending', { attempts: fresh.attempts, status: null, reason: body.reason ?? null, resend: true });
      return fresh;
    },
  );
  push.schedule();
  return { item: push.itemView(item) };
}
