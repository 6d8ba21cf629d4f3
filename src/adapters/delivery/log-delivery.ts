// Until the Teams and email adapters exist, notifications are "delivered" to the log: ids only,
// never a child's name or a concern's text.
import type { Logger } from 'pino';
import type { Delivery } from '../../app/ports/delivery.ts';
import type { OutboxRow } from '../../app/ports/outbox.ts';

export function createLogDelivery(logger: Logger): Delivery {
  return {
    kind: 'log',
    async deliver(row: OutboxRow) {
      logger.info(
        {
          outboxId: row.id,
          disputeId: row.disputeId,
          recipientId: row.recipientId,
          reason: row.reason,
          stageId: row.stageId,
          idempotencyKey: row.idempotencyKey,
        },
        'notification delivered (log adapter)',
      );
    },
  };
}
