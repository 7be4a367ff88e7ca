import path from 'node:path';
import type { HallContext } from '../context.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../common/logger.ts';
import { loadOrCreateKeyFile } from '../auth/secrets-dir.ts';
import { OutboxStore } from '../store/outbox-store.ts';
import { DestinationPolicy, parseAllowList } from '../webhooks/destination.ts';
import { SecretBox } from '../webhooks/secret-box.ts';
import { pushJournal } from '../usecases/push.ts';
import { pushConfigFromEnv, resolvePushConfig, type PushFile, type ResolvedPushConfig } from './config.ts';
import { PushConsumer } from './consumer.ts';
import { PushStore } from './push-store.ts';

/** The `push` option of the hall server: a push file's content (tests, embedders), or false for none; absent: HALL_PUSH_CONFIG. */
export type PushOption = (PushFile & { pollMs?: number; allow?: readonly string[]; random?: () => number }) | false | undefined;

/**
 * Builds and starts the push when targets are configured. Tokens are sealed with their own key
 * (push-tokens.key in the secrets directory, apart from the database). Destinations follow the
 * webhooks' rules: public addresses only, unless inside HALL_PUSH_ALLOW (else HALL_WEBHOOK_ALLOW).
 */
export function startPush(
  ctx: HallContext,
  db: Db,
  o: { option: PushOption; secretsDir: string; allow: readonly string[] | undefined; log: Logger },
): { consumer: PushConsumer; stop(): Promise<void> } | undefined {
  if (o.option === false) return undefined;
  let config: ResolvedPushConfig | undefined;
  if (o.option) {
    const { pollMs: _p, allow: _a, random: _r, ...file } = o.option;
    config = resolvePushConfig(file);
  } else config = pushConfigFromEnv();
  if (!config || !config.targets.length) return undefined;
  const allow = o.option && o.option.allow ? o.option.allow : process.env.HALL_PUSH_ALLOW !== undefined ? parseAllowList(process.env.HALL_PUSH_ALLOW) : o.allow;
  const store = new PushStore(db);
  const outbox = new OutboxStore(db);
  const consumer = new PushConsumer({
    config,
    store,
    outbox,
    clock: ctx.clock,
    log: o.log,
    secrets: new SecretBox(loadOrCreateKeyFile({ file: path.join(o.secretsDir, 'push-tokens.key') })),
    policy: allow ? new DestinationPolicy(allow) : DestinationPolicy.fromEnv(),
    timeZone: () => ctx.engine.catalog.hall.timezone,
    ...(o.option && o.option.pollMs !== undefined ? { pollMs: o.option.pollMs } : {}),
    ...(o.option && o.option.random ? { random: o.option.random } : {}),
  });
  const off = consumer.start(pushJournal(ctx, store, outbox), (listener) => ctx.engine.onEvents(listener));
  o.log.info({ targets: config.targets.map((t) => t.code) }, '好差评 push started');
  return {
    consumer,
    async stop() {
      off();
      await consumer.stop();
    },
  };
}
