// The protocols in force for this deployment, with a working-day calendar for each.
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../core/calendar/working-day-calendar.ts';
import type { Protocol } from '../core/protocol/protocol-schema.ts';

export interface ProtocolEntry {
  protocol: Protocol;
  calendar: WorkingDayCalendar;
}

export class ProtocolRegistry {
  private readonly entries = new Map<string, ProtocolEntry>();

  constructor(protocols: readonly Protocol[]) {
    for (const protocol of protocols) {
      // A council's own file replaces a built-in one with the same id.
      this.entries.set(protocol.id, {
        protocol,
        calendar: createWorkingDayCalendar({
          nation: protocol.nation,
          closureDays: protocol.workingDays.closureDays,
        }),
      });
    }
  }

  get(id: string): ProtocolEntry | undefined {
    return this.entries.get(id);
  }

  all(): ProtocolEntry[] {
    return [...this.entries.values()];
  }
}
