// The ids that let CP Disputes find, and never duplicate, a meeting it booked in Outlook.
import { v5 as uuidV5 } from 'uuid';

/** CP Disputes' own namespace for meeting transaction ids (a fixed, random UUID). */
export const MEETING_TRANSACTION_NAMESPACE = '6f1d2c8e-4b7a-4f3e-9a51-2d8c0b7e5f14';

/**
 * The Graph transactionId for a meeting, a UUID v5 (RFC 9562) of its key: the same key gives the same
 * id on every retry, in every process and across releases, so Exchange folds a repeated POST into the
 * first. It must never change for a key, or a retry after a deploy could book the meeting twice.
 */
export const meetingTransactionId = (meetingKey: string): string =>
  uuidV5(meetingKey, MEETING_TRANSACTION_NAMESPACE);

/**
 * The single-value extended property that carries the meeting key on the Outlook event, so the
 * event can be found again by key ("String {guid} Name …" is the documented id format).
 */
export const MEETING_KEY_PROPERTY = 'String {8b0f5a3c-71d2-4e96-a4c5-3f9e2b6d1c07} Name CpDisputesMeetingKey';
